// Our write engine with and without its HTTP edge (issue 19, point 2): bench/putrecord.ts's loads driven
// over HTTP at our PDS in a process of its own, and the same writes submitted in-process to another of
// our PDSes (prepare, then the write queue: one commit each, synced before it resolves), with no HTTP,
// auth or JSON. Prints each one's writes/s and main-thread CPU per write, and the ratio: what taking the
// HTTP edge off the thread that owns the repo transaction could gain at most, before the cost of the
// hand-off between threads. The engine's main-thread CPU includes the loops that submit its writes (a few
// µs each); the HTTP server is frozen (SIGSTOP) while the engine runs.
//
//   npm run bench -- bench/write-engine.ts [--writes 2000] [--seconds 8] [--rounds 3]
//
// A benchmark, never a test: no assertions.
import { cpus, loadavg } from "node:os";
import { jsonToRecord, Tid } from "@putrecord/repo";
import { createTestAccount, startTestPds } from "../packages/pds/test/_util.js";
import type { RunningTarget } from "../peers/target.js";
import { measure, type Write } from "./putrecord/measure.js";
import { alignColumns } from "./putrecord/report.js";
import { measureWithCpu, medianRound, type Round, roundArgs } from "./putrecord/run-load.js";
import { startWritable, targets } from "./putrecord/targets.js";
import { type Prepared, WORKLOADS, type Workload } from "./putrecord/workloads.js";
import { COLLECTION, note } from "./putrecord/writes.js";

const { budget, rounds } = roundArgs(2_000);
const log = (line: string) => process.stderr.write(`${line}\n`);

/** The loads of bench/putrecord.ts that this compares: creates and updates on new repos. */
const LOADS = WORKLOADS.filter((w) => w.flatAgainst === undefined);

type Pds = Awaited<ReturnType<typeof startTestPds>>;

/** One putRecord as the route does it after its HTTP edge: prepare the record, then one commit. */
function engineWrite(pds: Pds, did: string, rkey: () => string): Write {
  let n = 0;
  return async () => {
    const json = note(n++);
    const [write] = await pds.ctx.prepare.records([
      {
        collection: COLLECTION,
        rkey: rkey(),
        record: jsonToRecord(json, "$"),
        json,
        validate: undefined,
        action: "put",
      },
    ]);
    await pds.ctx.writes.submit(did, { writes: [write!] });
  };
}

/** The writers of a load, in-process, in the load's shape. */
async function engineWriters(pds: Pds, { shape }: Workload, n: number): Promise<Write[]> {
  const accounts = await Promise.all(
    Array.from({ length: shape.repos }, (_, i) => createTestAccount(pds, `e${n}x${i}`)),
  );
  const hot = Tid.next();
  const rkey = shape.keys === "one" ? () => hot : () => Tid.next();
  return Array.from({ length: shape.writers }, (_, i) =>
    engineWrite(pds, accounts[i % accounts.length]!.did, rkey),
  );
}

const http: RunningTarget = await startWritable(targets({}).find((t) => t.name === "ours")!);
const engine = await startTestPds();
const rows = [
  ["load", "HTTP w/s", "HTTP main µs/write", "engine w/s", "engine main µs/write", "engine/HTTP w/s"],
];
try {
  console.log(
    `write engine vs HTTP, ${new Date().toISOString()}, ${cpus().length} CPUs, load average ` +
      `${loadavg()[0]!.toFixed(1)}; up to ${budget.writes} writes or ${budget.seconds} s a round, medians of ${rounds}`,
  );
  for (const [i, load] of LOADS.entries()) {
    const overHttp: Prepared = await load.prepare(http, { bigRecords: 0, fillCapSeconds: 0, log });
    const inProcess = await engineWriters(engine, load, i);
    await measure(overHttp.writers, budget);
    await measure(inProcess, budget);
    const a: Round[] = [];
    const b: Round[] = [];
    for (let r = 0; r < rounds; r++) {
      a.push(await measureWithCpu(http.pid, overHttp.writers, budget));
      // The HTTP server's background work (its checkpoints) must not land in the engine's rounds.
      http.freeze?.(true);
      try {
        b.push(await measureWithCpu(process.pid, inProcess, budget));
      } finally {
        http.freeze?.(false);
      }
      log(
        `  ${load.name}, round ${r + 1}: HTTP ${a[r]!.stats.perSecond.toFixed(0)} w/s, engine ${b[r]!.stats.perSecond.toFixed(0)} w/s`,
      );
    }
    const [viaHttp, alone] = [medianRound(a), medianRound(b)];
    const mainUs = (m: Round) => m.cpu.mainThreadUs?.toFixed(0) ?? "-";
    rows.push([
      load.name,
      viaHttp.stats.perSecond.toFixed(0),
      mainUs(viaHttp),
      alone.stats.perSecond.toFixed(0),
      mainUs(alone),
      `${(alone.stats.perSecond / viaHttp.stats.perSecond).toFixed(2)}x`,
    ]);
  }
} finally {
  await http.stop();
  await engine.close();
}
console.log(alignColumns(rows));
