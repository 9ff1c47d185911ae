// The soak's table: one row per minute with the server's memory, event-loop delay and disk, and each
// operation's count and p50/p99; then whether memory and latency held flat from the second minute on.
import type { Minute, OpMinute } from "./recorder.js";

/** What the server's /_bench/stats answered at the end of a minute. */
export interface ServerStats {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  loopP99Ms: number;
  loopMaxMs: number;
  diskBytes: number;
}

/** One minute of the soak. */
export interface MinuteRow {
  minute: number;
  server: ServerStats;
  load: Minute;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const ms = (v: number) => (Number.isNaN(v) ? "-" : v < 10 ? v.toFixed(1) : v.toFixed(0));

function latency(op: OpMinute | undefined): string {
  if (op === undefined) return "-";
  const errors = op.errors > 0 ? ` (${op.errors} failed)` : "";
  return `${op.count}: ${ms(op.p50Ms)} / ${ms(op.p99Ms)}${errors}`;
}

const COLUMNS: [string, (row: MinuteRow) => string][] = [
  ["min", (r) => String(r.minute)],
  ["RSS MB", (r) => mb(r.server.rss)],
  ["heap MB", (r) => mb(r.server.heapUsed)],
  ["buffers MB", (r) => mb(r.server.arrayBuffers)],
  ["loop delay p99 / max ms", (r) => `${ms(r.server.loopP99Ms)} / ${ms(r.server.loopMaxMs)}`],
  ["disk MB", (r) => mb(r.server.diskBytes)],
  ["write n: p50 / p99 ms", (r) => latency(r.load.ops.get("write"))],
  ["large write", (r) => latency(r.load.ops.get("write large"))],
  ["getRecord", (r) => latency(r.load.ops.get("getRecord"))],
  ["listRecords", (r) => latency(r.load.ops.get("listRecords"))],
  ["getRepo", (r) => latency(r.load.ops.get("getRepo"))],
  ["live events (gaps)", (r) => `${count(r, "live events")} (${count(r, "seq gaps")})`],
  ["replays (events)", (r) => `${count(r, "replays")} (${count(r, "replayed events")})`],
];

function count(row: MinuteRow, name: string): number {
  return Math.round(row.load.counters.get(name) ?? 0);
}

/** The minutes as a Markdown table, failures listed under it. */
export function renderTable(rows: MinuteRow[]): string {
  const cells = [COLUMNS.map(([name]) => name), ...rows.map((row) => COLUMNS.map(([, cell]) => cell(row)))];
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(" | ")} |`;
  const failures = rows.flatMap((row) => row.load.failures.map((f) => `  * minute ${row.minute}: ${f}`));
  return [
    line(cells[0]!),
    line(widths.map((w) => "-".repeat(w))),
    ...cells.slice(1).map(line),
    ...failures,
  ].join("\n");
}

/** From the second minute (the first warms up) to the last: memory and write p99, and their change. */
export function flatness(rows: MinuteRow[]): string {
  if (rows.length < 3) return "too few minutes to judge flatness (run 3 or more)";
  const first = rows[1]!;
  const last = rows[rows.length - 1]!;
  const change = (a: number, b: number) =>
    `${a.toFixed(0)} → ${b.toFixed(0)} (${b >= a ? "+" : ""}${(((b - a) / a) * 100).toFixed(0)}%)`;
  const p99 = (r: MinuteRow) => r.load.ops.get("write")?.p99Ms ?? Number.NaN;
  return [
    `minute ${first.minute} → ${last.minute}:`,
    `RSS ${change(first.server.rss / 2 ** 20, last.server.rss / 2 ** 20)} MB,`,
    `heap ${change(first.server.heapUsed / 2 ** 20, last.server.heapUsed / 2 ** 20)} MB,`,
    `write p99 ${change(p99(first), p99(last))} ms`,
  ].join(" ");
}
