// Our PDS in a process of its own for the benchmarks, so the load generator never shares its event loop.
// Fresh data directory on each start, loopback only, default durability; an optional first argument is
// JSON config overrides (the soak sets a short firehose window). Prints {"url": ...} when ready and stops
// on SIGTERM, SIGINT or when stdin closes (it dies with the benchmark that piped it). GET /_bench/stats
// reports its memory, the event loop's delay since the last call, its data's size on disk, the
// firehose log's, and the write queue's group totals.
import { readdirSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { type ConfigInput, startPds } from "@putrecord/pds";

const overrides = JSON.parse(process.argv[2] ?? "{}") as Partial<ConfigInput>;
const dataDirectory = await mkdtemp(join(tmpdir(), "ours-pds-bench-"));
const pds = await startPds(
  { port: 0, hostname: "localhost", bindHost: "127.0.0.1", dataDirectory, loginDelayMs: 0, ...overrides },
  { logLevel: "silent" },
).catch(async (err: unknown) => {
  await rm(dataDirectory, { recursive: true, force: true });
  throw err;
});

const logSize = pds.ctx.db.prepare<[], { events: number; bytes: number | null }>(
  "SELECT count(*) AS events, sum(length(event)) AS bytes FROM repo_seq",
);
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
pds.app.paths.set("/_bench/stats", (_req, res) => {
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  const log = logSize.get()!;
  const ms = (ns: number) => ns / 1e6;
  const stats = {
    rss,
    heapUsed,
    external,
    arrayBuffers,
    loopP99Ms: ms(loopDelay.percentile(99)),
    loopMaxMs: ms(loopDelay.max),
    diskBytes: sizeOf(dataDirectory),
    logEvents: log.events,
    logBytes: log.bytes ?? 0,
    writeGroups: pds.ctx.writes.totals,
  };
  loopDelay.reset();
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(stats));
});

/** Bytes of every file under `dir`. */
function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? sizeOf(path) : (statSync(path, { throwIfNoEntry: false })?.size ?? 0);
  }
  return total;
}

let stopping = false;
/** Stops the server and deletes its data; runs once whatever triggers it. */
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  try {
    await pds.close();
  } finally {
    await rm(dataDirectory, { recursive: true, force: true });
  }
  process.exit(0);
}
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, shutdown);
process.stdin.on("end", shutdown);
process.stdin.resume();

process.stdout.write(`${JSON.stringify({ url: pds.url })}\n`);
