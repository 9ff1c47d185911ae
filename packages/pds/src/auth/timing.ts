import { setTimeout as sleep } from "node:timers/promises";

/**
 * Runs `fn` and answers no sooner than `minMs` after the start, success or failure, so response time
 * does not tell whether an identifier exists or a password was close.
 */
export async function withMinimumDuration<T>(minMs: number, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    const left = minMs - (performance.now() - started);
    if (left > 0) await sleep(left);
  }
}
