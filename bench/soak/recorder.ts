// What the soak's loops did in the current minute: latencies per operation, counters, failures.
import { percentile } from "../putrecord/measure.js";

/** One operation's minute: how many, p50 and p99 in ms, and how many failed. */
export interface OpMinute {
  count: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/** A minute of every operation and counter, as `take` hands it over. */
export interface Minute {
  ops: Map<string, OpMinute>;
  counters: Map<string, number>;
  /** The first message of each kind of failure seen this minute. */
  failures: string[];
}

/** Collects latencies and counters; `take` returns the minute so far and starts the next. */
export class Recorder {
  #latencies = new Map<string, number[]>();
  #errors = new Map<string, number>();
  #counters = new Map<string, number>();
  #failures = new Map<string, string>();

  /** Times `fn` as one `op`; a failure is counted, its first message kept, and not rethrown. */
  async time(op: string, fn: () => Promise<unknown>): Promise<void> {
    const start = performance.now();
    try {
      await fn();
      this.#push(op, performance.now() - start);
    } catch (err) {
      this.fail(op, err);
    }
  }

  /** Counts a failure of `op`. */
  fail(op: string, err: unknown): void {
    this.#errors.set(op, (this.#errors.get(op) ?? 0) + 1);
    const message = `${op}: ${err instanceof Error ? err.message : String(err)}`.slice(0, 200);
    if (!this.#failures.has(op)) this.#failures.set(op, message);
  }

  /** Adds to a counter (events received, replays done, ...). */
  count(name: string, n = 1): void {
    this.#counters.set(name, (this.#counters.get(name) ?? 0) + n);
  }

  /** The minute so far; the recorder starts over. */
  take(): Minute {
    const ops = new Map<string, OpMinute>();
    for (const op of new Set([...this.#latencies.keys(), ...this.#errors.keys()])) {
      const sorted = (this.#latencies.get(op) ?? []).sort((a, b) => a - b);
      ops.set(op, {
        count: sorted.length,
        p50Ms: percentile(sorted, 0.5),
        p99Ms: percentile(sorted, 0.99),
        errors: this.#errors.get(op) ?? 0,
      });
    }
    const minute = { ops, counters: this.#counters, failures: [...this.#failures.values()] };
    this.#latencies = new Map();
    this.#errors = new Map();
    this.#counters = new Map();
    this.#failures = new Map();
    return minute;
  }

  #push(op: string, ms: number): void {
    const list = this.#latencies.get(op);
    if (list === undefined) this.#latencies.set(op, [ms]);
    else list.push(ms);
  }
}
