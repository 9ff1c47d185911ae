import type { HTTPClientError } from "../models/errors/httpclienterrors.js";

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
  | { strategy: "backoff"; backoff?: Partial<BackoffStrategy>; retryConnectionErrors?: boolean };

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

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date), or undefined. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
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
 * Runs `attempt` until it yields something not retryable, or the time budget would be exceeded by the next
 * wait; then the last outcome is returned as is, so a final 503 maps to its error class. `sleep` rejects
 * when the caller aborts, and that abort is returned instead of retried.
 */
export function retry(
  attempt: () => Promise<Attempt>,
  config: RetryConfig,
  policy: RetryPolicy,
  sleep: (ms: number) => Promise<Attempt | undefined>,
): Promise<Attempt> {
  return config.strategy === "backoff" ? backoffLoop(attempt, config.backoff, policy, sleep) : attempt();
}

async function backoffLoop(
  attempt: () => Promise<Attempt>,
  options: Partial<BackoffStrategy> | undefined,
  policy: RetryPolicy,
  sleep: (ms: number) => Promise<Attempt | undefined>,
): Promise<Attempt> {
  const backoff = { ...DEFAULT_BACKOFF, ...options };
  const start = Date.now();
  for (let n = 0; ; n++) {
    const outcome = await attempt();
    if (!retryable(outcome, policy)) return outcome;
    const asked = outcome instanceof Response ? retryAfterMs(outcome.headers.get("retry-after")) : undefined;
    const delay = asked ?? backoffDelay(backoff, n);
    if (Date.now() - start + delay > backoff.maxElapsedTime) return outcome;
    // The retried response is dropped: release its connection.
    if (outcome instanceof Response) await outcome.body?.cancel().catch(() => {});
    const aborted = await sleep(delay);
    if (aborted) return aborted;
  }
}
