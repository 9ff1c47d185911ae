// WAL frames and bytes synced per write, ours vs the reference @atproto/pds (issue 19): both run as in
// bench/putrecord.ts, and for each load strace counts, over a window of writes, every page SQLite appends
// to a WAL (frames), the WAL syncs that make them durable, and what checkpoints copy into database files.
// System calls are deterministic where throughput on a shared machine is not.
//
//   npm run bench -- bench/wal-frames.ts [--writes 300] [--only ref,ours]
// Needs strace and ptrace (root in a container is enough); the reference needs `bash scripts/setup-peers.sh`.
import { parseArgs } from "node:util";
import type { RunningTarget } from "../peers/target.js";
import { measure } from "./putrecord/measure.js";
import { startWritable, TargetUnavailableError, targets } from "./putrecord/targets.js";
import { WORKLOADS } from "./putrecord/workloads.js";
import { type IoCounts, traceIo } from "./wal-frames/strace.js";

const { values: args } = parseArgs({ options: { writes: { type: "string" }, only: { type: "string" } } });
const writes = Number(args.writes ?? 300);
const only = (args.only ?? "ref,ours").split(",");
// The loads of bench/putrecord.ts that start from a new repo (the big repo's fill would dominate the run).
const loads = WORKLOADS.filter((w) => w.flatAgainst === undefined);
const log = (line: string) => process.stderr.write(`${line}\n`);

const rows: string[][] = [];
for (const spec of targets({}).filter((t) => only.includes(t.name) && t.name !== "floor")) {
  let target: RunningTarget;
  try {
    target = await startWritable(spec);
  } catch (err) {
    if (!(err instanceof TargetUnavailableError)) throw err;
    log(`${spec.name}: not available (${err.message})`);
    continue;
  }
  try {
    for (const load of loads) {
      log(`${spec.name}: ${load.name}...`);
      const { writers } = await load.prepare(target, { bigRecords: 0, fillCapSeconds: 0, log });
      await measure(writers, { writes: 100, seconds: 30 });
      const trace = await traceIo(target.pid!);
      const stats = await measure(writers, { writes, seconds: 120 });
      rows.push([spec.name, load.name, ...cells(await trace.stop(), stats.writes)]);
    }
  } finally {
    await target.stop();
  }
}

console.log(`WAL writes per putRecord, ${writes} writes per load after 100 (strace; 4 KB pages)`);
const header = [
  "target",
  "load",
  "frames",
  "WAL KB",
  "commit syncs",
  "KB per sync",
  "checkpoint KB",
  "checkpoint syncs",
  "frames by file",
];
console.log(align([header, ...rows]));

function cells(io: IoCounts, n: number): string[] {
  const per = (x: number, digits = 1) => (x / n).toFixed(digits);
  const files = [...io.framesByFile].map(([file, frames]) => `${file} ${per(frames)}`).join(", ");
  return [
    per(io.walFrames),
    per(io.walBytes / 1024),
    per(io.walSyncs, 2),
    io.walSyncs === 0 ? "-" : (io.walBytes / 1024 / io.walSyncs).toFixed(1),
    per(io.dbBytes / 1024),
    per(io.checkpointSyncs, 2),
    files,
  ];
}

function align(table: string[][]): string {
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  return table
    .map((r) => r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "))
    .join("\n");
}
