import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { AccessAuth } from "./auth/verifier.js";
import { RateLimitExceededError } from "./xrpc/errors.js";
import type { HandlerInput } from "./xrpc/route.js";

/** A named budget: `points` per `windowMs`, per key. */
export interface RateLimitPolicy {
  name: string;
  points: number;
  windowMs: number;
}

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** The reference's shared repo-write budgets, keyed by the authenticated DID. */
export const REPO_WRITE_LIMITS: readonly RateLimitPolicy[] = [
  { name: "repo-write-hour", points: 5000, windowMs: HOUR },
  { name: "repo-write-day", points: 35000, windowMs: DAY },
];
/** The reference's createSession budgets, keyed by identifier and IP. */
export const CREATE_SESSION_LIMITS: readonly RateLimitPolicy[] = [
  { name: "create-session-5m", points: 30, windowMs: 5 * 60 * 1000 },
  { name: "create-session-day", points: 300, windowMs: DAY },
];
/** The reference's server-wide budget: every XRPC call, per client IP. */
export const GLOBAL_LIMITS: readonly RateLimitPolicy[] = [
  { name: "global-ip", points: 3000, windowMs: 5 * 60 * 1000 },
];
/** What each write costs against REPO_WRITE_LIMITS (applyWrites sums its operations). */
export const WRITE_POINTS = { create: 3, update: 2, delete: 1 } as const;

/**
 * Most windows (one per policy and key) kept in memory: about 25 MB when full. Past it the least
 * recently used are forgotten, which resets their counts; reaching it takes that many distinct
 * identifiers or clients within a day, each paying the per-IP budget.
 */
export const MAX_RATE_LIMIT_WINDOWS = 100_000;
/** Longer keys (a DID of a kilobyte, an identifier) are kept as their SHA-256, so each entry stays small. */
const MAX_KEY_CHARS = 64;

interface Window {
  used: number;
  resetAt: number;
}

/** Fixed-window counters in memory, bounded in count and size; does nothing unless PDS_RATE_LIMITS_ENABLED. */
export class RateLimiter {
  readonly #windows: LRUCache<string, Window>;

  constructor(
    readonly enabled: boolean,
    maxWindows = MAX_RATE_LIMIT_WINDOWS,
  ) {
    this.#windows = new LRUCache({ max: maxWindows });
  }

  /**
   * Takes `cost` points from every policy for `key`; throws 429 with the exhausted policy's headers.
   * Otherwise returns the RateLimit-* headers of the policy with the fewest points left (for the
   * response, as the reference sends them), or undefined when limits are off.
   */
  consume(
    policies: readonly RateLimitPolicy[],
    key: string,
    cost: number,
    now = Date.now(),
  ): Record<string, string> | undefined {
    if (!this.enabled) return undefined;
    const bounded = key.length > MAX_KEY_CHARS ? createHash("sha256").update(key).digest("base64url") : key;
    let exceeded: { policy: RateLimitPolicy; window: Window } | undefined;
    let tightest: { policy: RateLimitPolicy; window: Window } | undefined;
    for (const policy of policies) {
      const id = `${policy.name}:${bounded}`;
      let window = this.#windows.get(id);
      if (!window || window.resetAt <= now) {
        window = { used: 0, resetAt: now + policy.windowMs };
        this.#windows.set(id, window);
      }
      window.used += cost;
      if (window.used > policy.points && !exceeded) exceeded = { policy, window };
      if (!tightest || policy.points - window.used < tightest.policy.points - tightest.window.used) {
        tightest = { policy, window };
      }
    }
    if (exceeded) {
      const headers = limitHeaders(exceeded.policy, exceeded.window);
      const retryAfterS = Math.max(1, Math.ceil((exceeded.window.resetAt - now) / 1000));
      throw new RateLimitExceededError({ ...headers, "Retry-After": String(retryAfterS) });
    }
    return tightest && limitHeaders(tightest.policy, tightest.window);
  }

  /** One point of GLOBAL_LIMITS for the request's client address (runs before each route's own limit). */
  consumeGlobal(req: { socket: { remoteAddress?: string } }): Record<string, string> | undefined {
    return this.enabled ? this.consume(GLOBAL_LIMITS, clientIp({ req }), 1) : undefined;
  }

  /** How many windows are kept and the longest key among them (the memory they hold is bounded by both). */
  stats(): { windows: number; longestKey: number } {
    let longestKey = 0;
    for (const id of this.#windows.keys()) longestKey = Math.max(longestKey, id.length);
    return { windows: this.#windows.size, longestKey };
  }
}

function limitHeaders(policy: RateLimitPolicy, window: Window): Record<string, string> {
  return {
    "RateLimit-Limit": String(policy.points),
    "RateLimit-Remaining": String(Math.max(0, policy.points - window.used)),
    "RateLimit-Reset": String(Math.ceil(window.resetAt / 1000)),
    "RateLimit-Policy": `${policy.points};w=${Math.round(policy.windowMs / 1000)}`,
  };
}

/**
 * A Route `rateLimit` for repo writes: `cost` points per call (WRITE_POINTS, or a sum for applyWrites),
 * against the caller's DID.
 */
export function repoWriteLimit<I>(
  cost: (call: HandlerInput<AccessAuth, I>) => number,
): (call: HandlerInput<AccessAuth, I>) => Record<string, string> | undefined {
  return (call) => call.ctx.rateLimiter.consume(REPO_WRITE_LIMITS, call.auth.did, cost(call));
}

/** The client's address as seen by this server (no proxy headers are trusted). */
export function clientIp(call: { req: { socket: { remoteAddress?: string } } }): string {
  return call.req.socket.remoteAddress ?? "unknown";
}

/** Charges one createSession attempt against the identifier and the client's address. */
export function consumeLoginAttempt(
  ctx: { rateLimiter: RateLimiter },
  identifier: string,
  ip: string,
): Record<string, string> | undefined {
  return ctx.rateLimiter.consume(CREATE_SESSION_LIMITS, `${identifier.toLowerCase()}-${ip}`, 1);
}
