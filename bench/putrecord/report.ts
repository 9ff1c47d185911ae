// Formats the benchmark's results as one plain-text table: per load, each target's writes/s, p50 and p99,
// then ours/ref for throughput beside the goal, and floor/ref: the ceiling any server had in this run.
// Missing or failed measurements print as their reason.
import type { Stats } from "./measure.js";

/** What happened to one load on one target. */
export type Outcome = { stats: Stats; note?: string } | { failed: string };

export interface Row {
  workload: string;
  goalRatio: number;
  /** The load this one's throughput should stay level with (the repo-growth check). */
  flatAgainst?: string;
  outcomes: Map<string, Outcome>;
}

/** Renders the table for the targets that ran, in the given order. */
export function renderTable(rows: Row[], targets: string[]): string {
  const header = ["load", ...targets.flatMap((t) => [`${t} w/s`, `${t} p50 ms`, `${t} p99 ms`])];
  const ratio = targets.includes("ref") && targets.includes("ours");
  if (ratio) header.push("ours/ref w/s", "p50 ref/ours", "goal");
  const ceiling = targets.includes("ref") && targets.includes("floor");
  if (ceiling) header.push("floor/ref w/s");
  const body = rows.map((row) => {
    const cells = [row.workload];
    for (const t of targets) cells.push(...statCells(row.outcomes.get(t)));
    if (ratio) cells.push(...ratioCells(row));
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
    return [`  * w/s of "${row.workload}" / "${base.workload}" (1.00 = flat): ${shares.join(", ")}`];
  });
}

/** The measurement, or undefined when the target did not run the load or failed it. */
function statsOf(o: Outcome | undefined): Stats | undefined {
  return o && "stats" in o ? o.stats : undefined;
}

function statCells(o: Outcome | undefined): string[] {
  const stats = statsOf(o);
  if (!stats) return ["-", "-", "-"];
  return [stats.perSecond.toFixed(0), stats.p50Ms.toFixed(1), stats.p99Ms.toFixed(1)];
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
  if (!ref || !ours) return ["-", "-", `${row.goalRatio}x`];
  const throughput = ours.perSecond / ref.perSecond;
  const latency = ref.p50Ms / ours.p50Ms;
  const verdict = throughput >= row.goalRatio ? "met" : "not met";
  return [`${throughput.toFixed(1)}x`, `${latency.toFixed(1)}x`, `${row.goalRatio}x ${verdict}`];
}

/** Pads every column to its widest cell; numbers line up on the right. */
function alignColumns(table: string[][]): string {
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => (r[c] ?? "").length)));
  return table
    .map((r) =>
      r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "),
    )
    .join("\n");
}
