// putRecord load benchmark (issue 4, point 11): the reference @atproto/pds and ours, both on loopback in this
// run, driven by the same loads; prints writes/s, p50 and p99 for each and the ratios ours/ref. Beside them
// runs the floor (putrecord/floor-server.ts): no PDS, just HTTP plus a shared fdatasync per write, so
// "floor/ref" is the most any PDS could reach against the reference on the machine that ran it.
// A benchmark, not a timed test: every load is bounded by a write count and a time cap, after a warm-up.
//
//   npm run bench -- bench/putrecord.ts [--quick] [--only ref,ours,floor] [--big 100000] [--fill-cap 900]
//                                       [--writes 3000] [--seconds 15] [--rounds 3]
//                                       [--collection com.example.note] [--prepare-threads n]
// --prepare-threads sets our PDS's PDS_PREPARE_THREADS (default: its own default).
// The reference needs `bash scripts/setup-peers.sh` first.
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { RunningTarget } from "../peers/target.js";
import type { Budget } from "./putrecord/measure.js";
import { type Row, renderCpuTable, renderTable } from "./putrecord/report.js";
import { runLoad } from "./putrecord/run-load.js";
import { startWritable, TargetUnavailableError, targets } from "./putrecord/targets.js";
import { WORKLOADS, type WorkloadSettings } from "./putrecord/workloads.js";
import { COLLECTION, useCollection } from "./putrecord/writes.js";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    big: { type: "string" },
    "fill-cap": { type: "string" },
    writes: { type: "string" },
    seconds: { type: "string" },
    rounds: { type: "string" },
    collection: { type: "string" },
    "prepare-threads": { type: "string" },
  },
});

/** A CLI flag was missing its meaning; the message says which and what it takes. */
class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Reads a positive integer flag, falling back to the default. */
function intFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`--${name} takes a positive integer; got "${value}"`);
  return n;
}

const quick = args.quick;
const budget: Budget = {
  writes: intFlag("writes", args.writes, quick ? 300 : 3000),
  seconds: intFlag("seconds", args.seconds, quick ? 5 : 15),
};
// Rounds alternate between targets; the report shows each target's median round.
const rounds = intFlag("rounds", args.rounds, quick ? 1 : 3);
// Node servers (and this client) speed up over their first thousands of writes as the JIT settles: ours ran
// its first 5,000 writes 20–35% slower than the next. The time cap keeps a slow target's warm-up to 5 s.
const warmup: Budget = { writes: quick ? 20 : 2000, seconds: quick ? 2 : 5 };
const log = (line: string) => process.stderr.write(`${line}\n`);
const settings: WorkloadSettings = {
  bigRecords: intFlag("big", args.big, quick ? 2000 : 100_000),
  fillCapSeconds: intFlag("fill-cap", args["fill-cap"], quick ? 120 : 900),
  log,
};
if (args.collection !== undefined) useCollection(args.collection);
const ours = args["prepare-threads"] === undefined ? {} : { prepareThreads: Number(args["prepare-threads"]) };
const only = args.only?.split(",");
const unknown = only?.filter((name) => !targets({}).some((t) => t.name === name)) ?? [];
if (unknown.length > 0) {
  const names = targets({})
    .map((t) => t.name)
    .join(", ");
  throw new UsageError(`--only takes a comma-separated list of ${names}; got "${args.only}"`);
}
const specs = targets(ours).filter((t) => only === undefined || only.includes(t.name));

const running: RunningTarget[] = [];
const stopAll = () => Promise.all(running.map((t) => t.stop()));
process.once("SIGINT", () => void stopAll().finally(() => process.exit(130)));

try {
  const unavailable: string[] = [];
  for (const spec of specs) {
    log(`starting ${spec.name}...`);
    try {
      running.push(await startWritable(spec));
    } catch (err) {
      if (!(err instanceof TargetUnavailableError)) throw err;
      unavailable.push(`${err.target}: not available (${err.message})`);
      log(`${err.target}: not available (${err.message})`);
    }
  }

  const rows: Row[] = [];
  for (const workload of WORKLOADS) {
    const outcomes = await runLoad(workload, running, { settings, warmup, budget, rounds });
    rows.push({
      workload: workload.name,
      goals: workload.goals,
      flatAgainst: workload.flatAgainst,
      outcomes,
    });
  }

  // The load average says how much the numbers are worth on a shared machine.
  console.log(
    `putRecord benchmark, ${new Date().toISOString()}, ${cpus().length} CPUs, ` +
      `load average ${loadavg()[0]!.toFixed(1)}, client Node ${process.version}; ` +
      `per load and round up to ${budget.writes} writes or ${budget.seconds} s after a warm-up of ` +
      `${warmup.writes} writes; medians of ${rounds} round(s); collection ${COLLECTION}; ` +
      `ours ${JSON.stringify(ours)}`,
  );
  for (const line of unavailable) console.log(line);
  const names = running.map((t) => t.name);
  console.log(renderTable(rows, names));
  console.log(`\n${renderCpuTable(rows, names)}`);
} finally {
  await stopAll();
}
