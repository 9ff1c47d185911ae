// Our PDS with its HTTP edge on a thread of its own (issue 19, point 2): bench/putrecord.ts's loads at our
// PDS as it runs today (one thread serves HTTP and owns the repo transaction), beside two splits of it:
//
// - front: a front thread owns the sockets and Node's HTTP parsing, reads each request whole and hands it
//   to the thread where the PDS runs as it is (http-front/front-server.ts, app-thread.ts). Every write,
//   cache and event stays on one thread; only Node's HTTP work leaves it.
// - edge: the same, and for putRecord the front thread also checks the token, parses the input and
//   prepares the record (validation, encoding); the app thread only commits (http-front/edge.ts).
//
// Prints each one's writes/s, server CPU per write (all threads) and the HTTP thread's, how busy the app
// thread was (the splits), and the write queue's groups: requests per group, and the time per group in
// its transaction and awaiting its WAL sync. Which of these bounds a load says where its time goes.
//
//   npm run bench -- bench/http-front.ts [--writes 4000] [--seconds 8] [--rounds 3]
//
// The front thread serves only what these loads use (JSON routes answered whole). A benchmark, never a
// test: no assertions.
import { cpus, loadavg } from "node:os";
import type { RunningTarget } from "../peers/target.js";
import type { AppLoad, WriteGroupTotals } from "./http-front/wire.js";
import { measure, median } from "./putrecord/measure.js";
import { alignColumns } from "./putrecord/report.js";
import { measureWithCpu, medianRound, type Round, roundArgs } from "./putrecord/run-load.js";
import { startScript, startWritable, type TargetSpec, targets } from "./putrecord/targets.js";
import { type Prepared, WORKLOADS, type Workload } from "./putrecord/workloads.js";

const { budget, rounds } = roundArgs(4_000);
const log = (line: string) => process.stderr.write(`${line}\n`);

/** The loads of bench/putrecord.ts on new repos, and the one-repo load with three times the writers. */
const LOADS: Workload[] = WORKLOADS.filter((w) => w.flatAgainst === undefined);
const busiest = LOADS.find((w) => w.shape.writers > 1 && w.shape.repos === 1)!;
LOADS.push({
  ...busiest,
  name: `${busiest.shape.writers * 3} writers, one repo`,
  shape: { ...busiest.shape, writers: busiest.shape.writers * 3 },
});

/** A server under test, and how to read its app thread's load and write groups. */
interface Variant {
  name: string;
  spec: TargetSpec;
  /** The app thread's utilisation since the last call (undefined: one thread), and the group totals. */
  probe(target: RunningTarget): Promise<{ app?: number; groups: WriteGroupTotals }>;
}

const split = (name: string, args: string[]): Variant => ({
  name,
  spec: { name, start: () => startScript(name, `our PDS (${name})`, "../http-front/front-server.ts", args) },
  probe: async (target) => {
    const load = (await (await fetch(`${target.url}/_bench/load`)).json()) as AppLoad & { app: number };
    return { app: load.app, groups: load.writeGroups };
  },
});

const VARIANTS: Variant[] = [
  {
    name: "one thread",
    spec: targets({}).find((t) => t.name === "ours")!,
    probe: async (target) => {
      const stats = (await (await fetch(`${target.url}/_bench/stats`)).json()) as {
        writeGroups: WriteGroupTotals;
      };
      return { groups: stats.writeGroups };
    },
  },
  split("front", ["{}"]),
  split("edge", ["{}", "--edge"]),
];

/** One variant's measured round: throughput and CPU, the app thread's load, the groups it ran. */
interface SplitRound extends Round {
  app?: number;
  groups: WriteGroupTotals;
}

/** Measures a round of `writers` on `target` while every other server is frozen. */
async function round(
  variant: Variant,
  target: RunningTarget,
  others: RunningTarget[],
  writers: Prepared["writers"],
) {
  for (const other of others) other.freeze?.(true);
  try {
    const before = await variant.probe(target);
    const measured = await measureWithCpu(target.pid, writers, budget);
    const after = await variant.probe(target);
    const groups = {
      groups: after.groups.groups - before.groups.groups,
      requests: after.groups.requests - before.groups.requests,
      transactionMs: after.groups.transactionMs - before.groups.transactionMs,
      syncMs: after.groups.syncMs - before.groups.syncMs,
    };
    return { ...measured, app: after.app, groups } satisfies SplitRound;
  } finally {
    for (const other of others) other.freeze?.(false);
  }
}

/** The median round's throughput and CPU, and the medians of the rest. */
function summary(rs: SplitRound[]): string[] {
  const m = medianRound(rs);
  const us = (v: number | undefined) => v?.toFixed(0) ?? "-";
  const per = (pick: (g: WriteGroupTotals) => number) =>
    median(rs.map((r) => pick(r.groups) / Math.max(1, r.groups.groups)));
  const app = rs.every((r) => r.app !== undefined)
    ? `${(100 * median(rs.map((r) => r.app!))).toFixed(0)}%`
    : "-";
  return [
    m.stats.perSecond.toFixed(0),
    `${us(m.cpu.serverUs)} / ${us(m.cpu.mainThreadUs)}`,
    app,
    per((g) => g.requests).toFixed(1),
    `${per((g) => g.transactionMs).toFixed(2)} / ${per((g) => g.syncMs).toFixed(2)}`,
  ];
}

const running: RunningTarget[] = [];
const rows = [
  [
    "load",
    "server",
    "w/s",
    "CPU µs/write: all / HTTP thread",
    "app thread busy",
    "requests/group",
    "ms/group: transaction / sync",
  ],
];
try {
  for (const v of VARIANTS) running.push(await startWritable(v.spec));
  console.log(
    `our PDS on one thread vs its HTTP edge on a front thread, ${new Date().toISOString()}, ${cpus().length} CPUs, ` +
      `load average ${loadavg()[0]!.toFixed(1)}; up to ${budget.writes} writes or ${budget.seconds} s a round, medians of ${rounds}`,
  );
  for (const load of LOADS) {
    const settings = { bigRecords: 0, fillCapSeconds: 0, log };
    const writers: Prepared["writers"][] = [];
    for (const target of running) writers.push((await load.prepare(target, settings)).writers);
    for (const w of writers) await measure(w, budget);
    const results: SplitRound[][] = VARIANTS.map(() => []);
    for (let r = 0; r < rounds; r++) {
      for (const [i, v] of VARIANTS.entries()) {
        const others = running.filter((_, j) => j !== i);
        results[i]!.push(await round(v, running[i]!, others, writers[i]!));
      }
      log(
        `  ${load.name}, round ${r + 1}: ${VARIANTS.map((v, i) => `${v.name} ${results[i]![r]!.stats.perSecond.toFixed(0)} w/s`).join(", ")}`,
      );
    }
    for (const [i, v] of VARIANTS.entries())
      rows.push([i === 0 ? load.name : "", v.name, ...summary(results[i]!)]);
  }
} finally {
  await Promise.all(running.map((t) => t.stop()));
}
console.log(alignColumns(rows));
