// Where the PDS prepares records (issue 19, point 2): on the main thread, on a worker thread (the
// PreparePool) or in a child process. For each: what one validated post costs the main thread (event
// loop busy time per record), and posts/s with 16 requests in flight. The main thread is the one that
// owns the repo transaction, so its time per record is what offloading must lower.
//
//   npm run bench -- bench/prepare-offload.ts [records, default 5000]
import { type ChildProcess, fork } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { prepareRecordWrite, type RecordWriteInput, withRequest } from "@putrecord/pds/write/prepare.js";
import { PreparePool } from "@putrecord/pds/write/prepare-pool.js";
import { fromWire, type JobMessage, type ResultMessage } from "@putrecord/pds/write/prepare-wire.js";
import { jsonToRecord, Tid } from "@putrecord/repo";

const n = Number(process.argv[2] ?? 5000);
const IN_FLIGHT = 16;
type Prepare = (input: RecordWriteInput) => unknown;

/** A short post, or one of 290 characters with 40 link facets (more for the validator to walk). */
function post(i: number, facets: number): RecordWriteInput {
  const link = (f: number) => ({
    index: { byteStart: f * 7, byteEnd: f * 7 + 6 },
    features: [{ $type: "app.bsky.richtext.facet#link", uri: `https://example.com/${i}/${f}` }],
  });
  const json = {
    $type: "app.bsky.feed.post",
    text: facets === 0 ? `post ${i} #bench` : `link${i % 10} `.repeat(41).slice(0, 290),
    ...(facets === 0 ? {} : { facets: Array.from({ length: facets }, (_, f) => link(f)) }),
    langs: ["en"],
    createdAt: new Date().toISOString(),
  };
  return {
    collection: "app.bsky.feed.post",
    rkey: Tid.next(),
    action: "create",
    validate: undefined,
    json,
    record: jsonToRecord(json, "$"),
  };
}

/**
 * Main-thread µs per record and records/s, 16 at a time, after a warm-up of a fifth as many. Each
 * record's parse (jsonToRecord, done on the main thread in every case, as a request's) is counted too.
 */
async function run(prepare: Prepare, facets: number): Promise<{ mainUs: number; perSecond: number }> {
  const loop = async (count: number) => {
    let next = 0;
    const lane = async () => {
      while (next < count) await prepare(post(next++, facets));
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  };
  await loop(n / 5);
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  await loop(n);
  const ms = performance.now() - t0;
  const { active } = performance.eventLoopUtilization(elu0);
  return { mainUs: (active * 1000) / n, perSecond: n / (ms / 1000) };
}

/** A child process answering JobMessages as a worker thread does. */
async function startChild(): Promise<{ prepare: Prepare; child: ChildProcess }> {
  const child = fork(fileURLToPath(new URL("./prepare-offload/child.ts", import.meta.url)), {
    execArgv: ["--conditions=bsky-source", "--import", "tsx"],
    serialization: "advanced",
  });
  const waiting = new Map<number, (m: ResultMessage) => void>();
  let id = 0;
  await new Promise<void>((ready) =>
    child.on("message", (m: ResultMessage | "ready") => (m === "ready" ? ready() : waiting.get(m.id)?.(m))),
  );
  // The same fields as the pool sends (prepare-pool.ts).
  const prepare = (input: RecordWriteInput) =>
    new Promise((resolve) => {
      const { collection, rkey, json, validate } = input;
      const message: JobMessage = { id: id++, jobs: [{ collection, rkey, json, validate }] };
      waiting.set(message.id, (m) => {
        waiting.delete(message.id);
        resolve(withRequest(input, fromWire(m.results[0]!)));
      });
      child.send(message);
    });
  return { prepare, child };
}

const pool = new PreparePool(1, () => true);
pool.start();
while (!pool.ready) await new Promise((r) => setTimeout(r, 20));
const { prepare: inChild, child } = await startChild();

const places: [string, Prepare][] = [
  ["main thread", prepareRecordWrite],
  ["worker thread (PreparePool)", (input) => pool.records([input])],
  ["child process (IPC, advanced serialization)", inChild],
];
const rows: string[] = [];
for (const facets of [0, 40]) {
  for (const [where, prepare] of places) {
    const { mainUs, perSecond } = await run(prepare, facets);
    const kind = facets === 0 ? "short post" : "post, 40 facets";
    const cells = [mainUs.toFixed(1).padStart(11), perSecond.toFixed(0).padStart(9)];
    rows.push(`${kind.padEnd(16)} ${where.padEnd(44)} ${cells.join("   ")}`);
  }
}
await pool.close();
child.kill();
console.log(`prepare of one app.bsky.feed.post, ${n} records, ${IN_FLIGHT} in flight`);
console.log(`${"record".padEnd(16)} ${"where".padEnd(44)} main µs/rec   records/s`);
for (const row of rows) console.log(row);
