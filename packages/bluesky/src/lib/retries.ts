import type { HTTPClientError } from "../models/errors/httpclienterrors.js";
import { retryAfterMs } from "./retry-after.js";

export { retryAfterMs } from "./retry-after.js";

/** Exponential backoff settings, all in milliseconds. */
export type BackoffStrategy = {
  initialInterval: number;
  maxInterval: number;
  exponent: number;
  /** Total time budget: no attempt starts after it would be exceeded. */
  maxElapsedTime: number;
};

/** How a call is retried: not at all, or with exponential backoff. */
export type RetryConfig =
  | { strategy: "none" }
  | {
      strategy: "backoff";
      backoff?: Partial<BackoffStrategy>;
      retryConnectionErrors?: boolean;
      /** Attempts in all, the first included; default `DEFAULT_MAX_ATTEMPTS`. */
      maxAttempts?: number;
    };

/**
 * Attempts per call when `maxAttempts` is omitted. The time budget alone did not bound them: a server
 * answering `Retry-After: 0` drew hundreds of requests a second until the budget ran out.
 */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Defaults when `backoff` is omitted: 0.5 s doubling to at most 10 s, 30 s in total. The anchor's one-hour
 * total would hold a user-facing call for an hour; a write that has not landed in 30 s should be reported.
 */
export const DEFAULT_BACKOFF: BackoffStrategy = {
  initialInterval: 500,
  maxInterval: 10_000,
  exponent: 2,
  maxElapsedTime: 30_000,
};

/** Status codes retried unless `retryCodes` says otherwise. */
export const DEFAULT_RETRY_CODES: readonly string[] = ["429", "500", "502", "503", "504"];

/** True when `status` is listed exactly or by range (`"5XX"`, any case). */
export function matchesStatus(status: number, codes: readonly string[]): boolean {
  const s = String(status);
  return codes.some((c) => c === s || (c.length === 3 && /^[1-5]xx$/i.test(c) && c[0] === s[0]));
}

/** The delay before retry number `attempt` (0-based): exponential, capped, with up to 25% jitter added. */
export function backoffDelay(b: BackoffStrategy, attempt: number): number {
  const base = Math.min(b.maxInterval, b.initialInterval * b.exponent ** attempt);
  return Math.min(b.maxInterval, base + Math.random() * base * 0.25);
}

/** What one attempt produced: a response, or a client error (no response). */
export type Attempt = Response | HTTPClientError;

/** Whether a failed attempt may be retried; responses by status, errors by kind. */
export type RetryPolicy = { codes: readonly string[]; connectionErrors: boolean };

function retryable(outcome: Attempt, policy: RetryPolicy): boolean {
  if (outcome instanceof Response) return matchesStatus(outcome.status, policy.codes);
  return (
    policy.connectionErrors && (outcome.name === "ConnectionError" || outcome.name === "RequestTimeoutError")
  );
}

/**
 * Runs `attempt` until it yields something not retryable, `maxAttempts` ran, or the time budget would be
 * exceeded by the next wait; then the last outcome is returned as is, so a final 503 maps to its error class. `sleep` rejects
 * when the caller aborts, and that abort is returned instead of retried.
 */
export function retry(
  attempt: () => Promise<Attempt>,
  config: RetryConfig,
  policy: RetryPolicy,
  sleep: (ms: number) => Promise<Attempt | undefined>,
): Promise<Attempt> {
  return config.strategy === "backoff" ? backoffLoop(attempt, config, policy, sleep) : attempt();
}

/**
 * The wait before retry `n`: the computed backoff, or longer when `Retry-After` asks for longer. The
 * backoff is a floor: a `Retry-After` of 0 or a past date must not turn retries into a tight loop.
 */
export function retryDelay(backoff: BackoffStrategy, n: number, outcome: Attempt): number {
  const asked = outcome instanceof Response ? retryAfterMs(outcome.headers.get("retry-after")) : undefined;
  return Math.max(asked ?? 0, backoffDelay(backoff, n));
}

async function backoffLoop(
  attempt: () => Promise<Attempt>,
  config: Extract<RetryConfig, { strategy: "backoff" }>,
  policy: RetryPolicy,
  sleep: (ms: number) => Promise<Attempt | undefined>,
): Promise<Attempt> {
  const backoff = { ...DEFAULT_BACKOFF, ...config.backoff };
  const maxAttempts = config.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const start = Date.now();
  for (let n = 0; ; n++) {
    const outcome = await attempt();
    if (!retryable(outcome, policy) || n + 1 >= maxAttempts) return outcome;
    const delay = retryDelay(backoff, n, outcome);
    if (Date.now() - start + delay > backoff.maxElapsedTime) return outcome;
    // The retried response is dropped: release its connection.
    if (outcome instanceof Response) await outcome.body?.cancel().catch(() => {});
    const aborted = await sleep(delay);
    if (aborted) return aborted;
  }
}
