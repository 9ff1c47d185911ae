// Drives write loops under a shared budget (count and time) and turns their latencies into throughput and
// percentiles. Loops are plain async functions, so 16 concurrent writers are 16 loops on one event loop.

/** One write: resolves when the server has answered, throws if it failed. */
export type Write = () => Promise<void>;

/**
 * A round's CPU per write, in µs: the server's (every thread of its process), its main thread's (the
 * event loop, which a single-threaded design is bound by) and the client's; and the share of the
 * machine's CPU time (all cores) left idle during the round.
 */
export interface CpuPerWrite {
  serverUs?: number;
  mainThreadUs?: number;
  clientUs: number;
  idleShare?: number;
}

/** A run ends at whichever comes first. */
export interface Budget {
  writes: number;
  seconds: number;
}

export interface Stats {
  writes: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Runs every writer in its own loop until the budget is spent; rejects with the first write error. */
export async function measure(writers: Write[], budget: Budget): Promise<Stats> {
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + budget.seconds * 1000;
  let issued = 0;
  let failed = false;
  const loop = async (write: Write) => {
    while (!failed && issued < budget.writes && performance.now() < deadline) {
      issued++;
      const t0 = performance.now();
      try {
        await write();
      } catch (err) {
        failed = true; // the other loops stop at their next turn
        throw err;
      }
      latencies.push(performance.now() - t0);
    }
  };
  const outcomes = await Promise.allSettled(writers.map(loop));
  const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
  if (rejected) throw rejected.reason;
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    writes: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

/** The median of some values (nearest rank; NaN when there are none). */
export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** The median round of several, field by field (throughput and each percentile on their own). */
export function medianStats(rounds: Stats[]): Stats {
  const of = (pick: (s: Stats) => number) => median(rounds.map(pick));
  return {
    writes: of((s) => s.writes),
    seconds: of((s) => s.seconds),
    perSecond: of((s) => s.perSecond),
    p50Ms: of((s) => s.p50Ms),
    p99Ms: of((s) => s.p99Ms),
  };
}

/** Nearest-rank percentile of sorted values (NaN when there are none). */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
