// The entryway and its cells (issue 18, point 6), on this machine: writes/s and CPU per write for one cell
// and for two cells pinned to one core each (taskset), each through the entryway and straight at the cells;
// the entryway's added latency per request; directory lookups as PostgreSQL grows to 1M accounts.
// A benchmark, not a timed test: every load is bounded by time, after a warm-up.
//
//   npm run bench -- bench/cluster.ts [--seconds 10] [--quick]
//
// What two cores cannot show, and what the CPU-per-write figures predict: see the report it prints.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type Cluster, startCluster } from "../packages/entryway/src/cluster/cluster.ts";
import { startLocalPostgres } from "../packages/entryway/src/cluster/postgres.ts";
import { migrate } from "../packages/entryway/src/db/migrations.ts";
import { connect } from "../packages/entryway/src/db/sql.ts";
import { Accounts } from "../packages/entryway/src/directory/accounts.ts";

const { values: args } = parseArgs({
  options: { seconds: { type: "string" }, quick: { type: "boolean", default: false } },
});
const seconds = Number(args.seconds ?? (args.quick ? 4 : 10));
const log = (line: string) => process.stderr.write(`${line}\n`);
const CONCURRENCY_PER_CELL = 16;
const ACCOUNTS_PER_CELL = 8;
const TICKS = 100; // USER_HZ: /proc/<pid>/stat counts CPU in 1/100 s

/** CPU seconds a process has used so far (user + system). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

interface Writer {
  did: string;
  token: string;
  cellUrl: string;
}

async function accounts(cluster: Cluster, perCell: number): Promise<Writer[]> {
  const out: Writer[] = [];
  for (let i = 0; i < perCell * cluster.cells.length; i++) {
    const res = await fetch(`${cluster.url}/xrpc/com.atproto.server.createAccount`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        handle: `writer${i}.test`,
        email: `writer${i}@example.com`,
        password: "bench-password",
      }),
    });
    const body = (await res.json()) as { did: string; accessJwt: string };
    const session = await fetch(`${cluster.url}/xrpc/com.atproto.server.getSession`, {
      headers: { authorization: `Bearer ${body.accessJwt}` },
    });
    const got = (await session.json()) as { didDoc?: { service: { serviceEndpoint: string }[] } };
    const doc = got.didDoc;
    if (doc === undefined) throw new Error(`sign-up failed: ${JSON.stringify(body)} ${JSON.stringify(got)}`);
    out.push({ did: body.did, token: body.accessJwt, cellUrl: doc.service[0]!.serviceEndpoint });
  }
  return out;
}

function createRecord(base: string, w: Writer, i: number): Promise<Response> {
  return fetch(`${base}/xrpc/com.atproto.repo.createRecord`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${w.token}` },
    body: JSON.stringify({
      repo: w.did,
      collection: "app.bsky.feed.post",
      record: { $type: "app.bsky.feed.post", text: `bench ${i}`, createdAt: new Date().toISOString() },
    }),
  });
}

interface LoadResult {
  writes: number;
  perSecond: number;
  p50: number;
  p99: number;
  cellCpuMs: number;
  entrywayCpuMs: number;
}

/** `concurrency` loops of createRecord for `ms`, spread over the writers; CPU of cells and entryway per write. */
async function load(
  cluster: Cluster,
  writers: Writer[],
  via: "entryway" | "direct",
  ms: number,
): Promise<LoadResult> {
  const concurrency = CONCURRENCY_PER_CELL * cluster.cells.length;
  const cellCpu = () => cluster.cells.reduce((sum, c) => sum + cpuSeconds(c.pid), 0);
  const [cell0, entry0] = [cellCpu(), cpuSeconds(cluster.entryway.pid)];
  const latencies: number[] = [];
  const deadline = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      const w = writers[loop % writers.length]!;
      for (let i = 0; performance.now() < deadline; i++) {
        const t = performance.now();
        const res = await createRecord(via === "entryway" ? cluster.url : w.cellUrl, w, i);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`write failed: ${res.status}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const writes = latencies.length;
  return {
    writes,
    perSecond: writes / elapsed,
    p50: latencies[Math.floor(writes * 0.5)]!,
    p99: latencies[Math.floor(writes * 0.99)]!,
    cellCpuMs: ((cellCpu() - cell0) * 1000) / writes,
    entrywayCpuMs: via === "entryway" ? ((cpuSeconds(cluster.entryway.pid) - entry0) * 1000) / writes : 0,
  };
}

/** One request at a time: the median time of `n` calls of `call`. */
async function sequentialMedian(n: number, call: () => Promise<Response>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await (await call()).arrayBuffer();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(n / 2)]!;
}

async function withCluster<T>(cells: number, pinned: boolean, run: (c: Cluster) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "bench-cluster-"));
  const cluster = await startCluster({
    cells,
    dataDirectory: dir,
    port: 0,
    env: { LOG_LEVEL: "warn" },
    ...(pinned && { cellPrefix: (i: number) => ["taskset", "-c", String(i % cpus().length)] }),
  });
  try {
    return await run(cluster);
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows: string[][] = [];
const fmt = (n: number, digits = 0) => n.toFixed(digits);

for (const [cells, pinned] of [
  [1, false],
  [2, true],
] as const) {
  await withCluster(cells, pinned, async (cluster) => {
    const writers = await accounts(cluster, ACCOUNTS_PER_CELL);
    await load(cluster, writers, "direct", 2000); // warm-up: JIT, caches
    for (const via of ["direct", "entryway"] as const) {
      log(`${cells} cell(s)${pinned ? " pinned" : ""}, ${via}: ${seconds} s of createRecord…`);
      const r = await load(cluster, writers, via, seconds * 1000);
      rows.push([
        `${cells} cell${cells > 1 ? "s" : ""}${pinned ? ", one core each" : ""}`,
        via,
        fmt(r.perSecond),
        fmt(r.p50, 1),
        fmt(r.p99, 1),
        fmt(r.cellCpuMs, 3),
        via === "entryway" ? fmt(r.entrywayCpuMs, 3) : "",
      ]);
    }
  });
}

// The entryway's added latency: one request at a time, the same call straight at the cell and through it.
const latency = await withCluster(1, false, async (cluster) => {
  const [w] = await accounts(cluster, 1);
  const read = (base: string) => () => fetch(`${base}/xrpc/com.atproto.repo.describeRepo?repo=${w!.did}`);
  const write = (base: string) => {
    let i = 0;
    return () => createRecord(base, w!, i++);
  };
  const n = args.quick ? 200 : 1000;
  await sequentialMedian(n, read(w!.cellUrl));
  return {
    readDirect: await sequentialMedian(n, read(w!.cellUrl)),
    readEntryway: await sequentialMedian(n, read(cluster.url)),
    writeDirect: await sequentialMedian(n, write(w!.cellUrl)),
    writeEntryway: await sequentialMedian(n, write(cluster.url)),
  };
});

// Directory lookups by handle and by DID, uncached, as PostgreSQL grows to 1M accounts.
const lookups: string[][] = [];
{
  const dir = mkdtempSync(join(tmpdir(), "bench-directory-"));
  const pg = await startLocalPostgres(join(dir, "postgres"));
  const sql = connect(pg.url);
  try {
    await migrate(sql);
    await sql`INSERT INTO cell (id, url, did) VALUES ('c1', 'http://localhost:1', 'did:web:localhost')`;
    const accountsTable = new Accounts(sql);
    let have = 0;
    for (const size of args.quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]) {
      log(`directory: filling to ${size} accounts…`);
      await sql`
        INSERT INTO account (did, handle, email, password_hash, cell_id, plc_op, ready)
        SELECT 'did:plc:bench' || i, 'user' || i || '.test', 'user' || i || '@example.com', 'x', 'c1', '{}'::jsonb, true
        FROM generate_series(${have + 1}::int, ${size}::int) AS i`;
      have = size;
      await sql`ANALYZE account`;
      const time = async (key: (i: number) => string) => {
        const times: number[] = [];
        for (let k = 0; k < 2000; k++) {
          const i = 1 + Math.floor(Math.random() * size);
          const t = performance.now();
          const found = await accountsTable.attempt(key(i));
          times.push(performance.now() - t);
          if (!found) throw new Error(`not found: ${key(i)}`);
        }
        times.sort((a, b) => a - b);
        return [times[1000]!, times[1980]!];
      };
      const [h50, h99] = await time((i) => `user${i}.test`);
      const [d50, d99] = await time((i) => `did:plc:bench${i}`);
      lookups.push([
        size.toLocaleString("en"),
        fmt(h50 * 1000),
        fmt(h99 * 1000),
        fmt(d50 * 1000),
        fmt(d99 * 1000),
      ]);
    }
  } finally {
    await sql.end();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const table = (head: string[], body: string[][]) =>
  [head, head.map(() => "---"), ...body].map((r) => `| ${r.join(" | ")} |`).join("\n");
process.stdout.write(
  `cluster benchmark, ${new Date().toISOString()}, ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)}, ` +
    `${seconds} s per load, ${CONCURRENCY_PER_CELL} writers per cell\n\n` +
    table(
      ["cells", "via", "writes/s", "p50 ms", "p99 ms", "cell CPU ms/write", "entryway CPU ms/write"],
      rows,
    ) +
    "\n\nEntryway's added latency, one request at a time (median ms):\n\n" +
    table(
      ["call", "straight to the cell", "through the entryway", "added"],
      [
        [
          "describeRepo (read)",
          fmt(latency.readDirect, 2),
          fmt(latency.readEntryway, 2),
          fmt(latency.readEntryway - latency.readDirect, 2),
        ],
        [
          "createRecord (write)",
          fmt(latency.writeDirect, 2),
          fmt(latency.writeEntryway, 2),
          fmt(latency.writeEntryway - latency.writeDirect, 2),
        ],
      ],
    ) +
    "\n\nDirectory lookups in PostgreSQL, uncached, 2,000 random accounts each (µs):\n\n" +
    table(["accounts", "by handle p50", "by handle p99", "by DID p50", "by DID p99"], lookups) +
    "\n",
);
