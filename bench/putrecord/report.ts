// Formats the benchmark's results as one plain-text table: per load, each target's writes/s, p50, p99 and
// RSS after the load, then ours/ref and ours/floor for throughput beside issue 19's goals, and floor/ref:
// the ceiling any server had in this run.
// Missing or failed measurements print as their reason.
import type { CpuPerWrite, Stats } from "./measure.js";
import type { Goals } from "./workloads.js";

/**
 * What happened to one load on one target; `rssMb` is the server's resident memory after it, `cpu` the
 * CPU each write cost (medians of the rounds).
 */
export type Outcome = { stats: Stats; cpu?: CpuPerWrite; rssMb?: number; note?: string } | { failed: string };

export interface Row {
  workload: string;
  goals: Goals;
  /** The load this one's throughput should stay level with (the repo-growth check). */
  flatAgainst?: string;
  outcomes: Map<string, Outcome>;
}

/** Renders the table for the targets that ran, in the given order. */
export function renderTable(rows: Row[], targets: string[]): string {
  const header = [
    "load",
    ...targets.flatMap((t) => [`${t} w/s`, `${t} p50 ms`, `${t} p99 ms`, `${t} RSS MB`]),
  ];
  const ratio = targets.includes("ref") && targets.includes("ours");
  if (ratio) header.push("ours/ref w/s", "p50 ref/ours", "goal");
  const toFloor = targets.includes("floor") && targets.includes("ours");
  if (toFloor) header.push("ours/floor w/s", "goal");
  const ceiling = targets.includes("ref") && targets.includes("floor");
  if (ceiling) header.push("floor/ref w/s");
  const body = rows.map((row) => {
    const cells = [row.workload];
    for (const t of targets) cells.push(...statCells(row.outcomes.get(t)));
    if (ratio) cells.push(...ratioCells(row));
    if (toFloor) cells.push(...goalCells(row, "floor", row.goals.floor, 2));
    if (ceiling) cells.push(throughputRatio(row, "floor", "ref"));
    return cells;
  });
  const notes = rows.flatMap((row) =>
    targets.flatMap((t) => {
      const o = row.outcomes.get(t);
      if (!o) return [];
      if ("failed" in o) return [`${t}, ${row.workload}: failed: ${o.failed}`];
      return o.note ? [`${t}, ${row.workload}: ${o.note}`] : [];
    }),
  );
  return [
    alignColumns([header, ...body]),
    ...notes.map((n) => `  * ${n}`),
    ...growthLines(rows, targets),
  ].join("\n");
}

/**
 * CPU per write, per load and target: the server's (all threads, and its main thread: the event loop, where
 * a server that keeps one core busy is bound) and the benchmark client's (which shares the machine, so on
 * few cores a server's throughput under concurrent load is bounded by the two together); and the share of
 * the machine's CPU left idle while that target ran, which a server using every core drives toward 0.
 */
export function renderCpuTable(rows: Row[], targets: string[]): string {
  const header = [
    "CPU µs per write",
    ...targets.flatMap((t) => [`${t} server`, `${t} main thread`, `${t} client`, `${t} idle %`]),
  ];
  const us = (n: number | undefined) => (n === undefined ? "-" : n.toFixed(0));
  const body = rows.map((row) => [
    row.workload,
    ...targets.flatMap((t) => {
      const o = row.outcomes.get(t);
      const cpu = o && "cpu" in o ? o.cpu : undefined;
      const idle = cpu?.idleShare === undefined ? undefined : cpu.idleShare * 100;
      return [us(cpu?.serverUs), us(cpu?.mainThreadUs), us(cpu?.clientUs), us(idle)];
    }),
  ]);
  return alignColumns([header, ...body]);
}

/** For each load with a baseline: its throughput as a share of the baseline's, per target (1.00 = flat). */
function growthLines(rows: Row[], targets: string[]): string[] {
  return rows.flatMap((row) => {
    const base = rows.find((r) => r.workload === row.flatAgainst);
    if (!base) return [];
    const shares = targets.map((t) => {
      const a = statsOf(row.outcomes.get(t));
      const b = statsOf(base.outcomes.get(t));
      return a && b ? `${t} ${(a.perSecond / b.perSecond).toFixed(2)}` : `${t} -`;
    });
    const goal = row.goals.flat === undefined ? "" : `; goal for ours ≥ ${row.goals.flat.toFixed(2)}`;
    return [`  * w/s of "${row.workload}" / "${base.workload}" (1.00 = flat): ${shares.join(", ")}${goal}`];
  });
}

/** The measurement, or undefined when the target did not run the load or failed it. */
function statsOf(o: Outcome | undefined): Stats | undefined {
  return o && "stats" in o ? o.stats : undefined;
}

function statCells(o: Outcome | undefined): string[] {
  const stats = statsOf(o);
  if (!stats) return ["-", "-", "-", "-"];
  const rss = o && "rssMb" in o && o.rssMb !== undefined ? o.rssMb.toFixed(0) : "-";
  return [stats.perSecond.toFixed(0), stats.p50Ms.toFixed(1), stats.p99Ms.toFixed(1), rss];
}

/** a's writes/s over b's, or "-" when either did not measure. */
function throughputRatio(row: Row, a: string, b: string): string {
  const x = statsOf(row.outcomes.get(a));
  const y = statsOf(row.outcomes.get(b));
  return x && y ? `${(x.perSecond / y.perSecond).toFixed(1)}x` : "-";
}

function ratioCells(row: Row): string[] {
  const ref = statsOf(row.outcomes.get("ref"));
  const ours = statsOf(row.outcomes.get("ours"));
  const latency = ref && ours ? `${(ref.p50Ms / ours.p50Ms).toFixed(1)}x` : "-";
  const [throughput, goal] = goalCells(row, "ref", row.goals.ref, 1);
  return [throughput!, latency, goal!];
}

/** Ours' writes/s over `base`'s, and the goal for it with whether this run met it ("-": no goal). */
function goalCells(row: Row, base: string, goal: number | undefined, digits: number): string[] {
  const x = statsOf(row.outcomes.get("ours"));
  const y = statsOf(row.outcomes.get(base));
  const ratio = x && y ? x.perSecond / y.perSecond : undefined;
  const shown = ratio === undefined ? "-" : `${ratio.toFixed(digits)}x`;
  if (goal === undefined) return [shown, "-"];
  const verdict = ratio === undefined ? "" : ratio >= goal ? " met" : " not met";
  return [shown, `≥ ${goal}x${verdict}`];
}

/** Pads every column to its widest cell; numbers line up on the right. */
export function alignColumns(table: string[][]): string {
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => (r[c] ?? "").length)));
  return table
    .map((r) =>
      r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "),
    )
    .join("\n");
}
