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
  logEvents: number;
  logBytes: number;
}

/** One minute of the soak. */
export interface MinuteRow {
  minute: number;
  /** The machine's 1-minute load average: on a shared machine, what the latencies are worth. */
  loadAverage: number;
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
  ["load avg", (r) => r.loadAverage.toFixed(1)],
  ["RSS MB", (r) => mb(r.server.rss)],
  ["heap MB", (r) => mb(r.server.heapUsed)],
  ["buffers MB", (r) => mb(r.server.arrayBuffers)],
  ["loop delay p99 / max ms", (r) => `${ms(r.server.loopP99Ms)} / ${ms(r.server.loopMaxMs)}`],
  ["disk MB", (r) => mb(r.server.diskBytes)],
  ["log events (MB)", (r) => `${r.server.logEvents} (${mb(r.server.logBytes)})`],
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

/**
 * Over the second half of the run (the first fills caches): memory and write p99 at its first and
 * last minute, and the range RSS moved in.
 */
export function flatness(rows: MinuteRow[]): string {
  const measured = rows.filter((r) => r.minute > 0);
  if (measured.length < 4) return "too few minutes to judge flatness (run 4 or more)";
  const half = measured.slice(Math.floor(measured.length / 2));
  const first = half[0]!;
  const last = half[half.length - 1]!;
  const mib = (bytes: number) => bytes / 2 ** 20;
  const change = (a: number, b: number) =>
    `${a.toFixed(0)} → ${b.toFixed(0)} (${b >= a ? "+" : ""}${(((b - a) / a) * 100).toFixed(0)}%)`;
  const p99 = (r: MinuteRow) => r.load.ops.get("write")?.p99Ms ?? Number.NaN;
  const rss = half.map((r) => mib(r.server.rss));
  return [
    `second half, minute ${first.minute} → ${last.minute}:`,
    `RSS ${change(mib(first.server.rss), mib(last.server.rss))} MB`,
    `(range ${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)}),`,
    `heap ${change(mib(first.server.heapUsed), mib(last.server.heapUsed))} MB,`,
    `write p99 ${change(p99(first), p99(last))} ms`,
  ].join(" ");
}
