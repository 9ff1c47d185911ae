import { afterEach, describe, expect, it } from "vitest";
import { BlueskyCore } from "../src/core.js";
import { repoPutRecord } from "../src/funcs/repoPutRecord.js";
import {
  backoffDelay,
  DEFAULT_BACKOFF,
  DEFAULT_MAX_ATTEMPTS,
  matchesStatus,
  type RetryConfig,
  retryAfterMs,
} from "../src/lib/retries.js";
import * as errors from "../src/models/errors/index.js";
import { always, type Fixture, json, PUT_OK, PUT_REQUEST, type Reply, serve } from "./_util.js";

let fx: Fixture;
afterEach(() => fx?.close());

const FAST: RetryConfig = {
  strategy: "backoff",
  backoff: { initialInterval: 10, maxInterval: 20, exponent: 2, maxElapsedTime: 2_000 },
};

/** Replies with `statuses[n]` (JSON), then 200 once they run out; records when each request arrived. */
function sequence(
  statuses: number[],
  headers: Record<string, string> = {},
): { reply: Reply; times: number[] } {
  const times: number[] = [];
  const reply: Reply = (_req, res, n) => {
    times.push(Date.now());
    const status = statuses[n];
    if (status === undefined) json(res, 200, PUT_OK);
    else json(res, status, { error: "E", message: "m" }, headers);
  };
  return { reply, times };
}

async function put(options: Parameters<typeof repoPutRecord>[2], clientRetry?: RetryConfig) {
  const client = new BlueskyCore({ serverURL: fx.url, ...(clientRetry ? { retryConfig: clientRetry } : {}) });
  return repoPutRecord(client, PUT_REQUEST, options);
}

describe("retry policy", () => {
  it("does not retry unless configured", async () => {
    fx = await serve(sequence([503]).reply);
    const res = await put({});
    expect(res.error).toBeInstanceOf(errors.InternalServerError);
    expect(fx.seen).toHaveLength(1);
  });

  it("retries the default codes with backoff, sending the full body each time", async () => {
    fx = await serve(sequence([503, 429, 502]).reply);
    const res = await put({ retries: FAST });
    expect(res.ok).toBe(true);
    expect(fx.seen).toHaveLength(4);
    for (const seen of fx.seen) expect(JSON.parse(seen.body)).toEqual(PUT_REQUEST);
  });

  it("uses the client's retryConfig when the call gives none", async () => {
    fx = await serve(sequence([500]).reply);
    expect((await put({}, FAST)).ok).toBe(true);
    expect(fx.seen).toHaveLength(2);
  });

  it("does not retry a code outside retryCodes, and accepts ranges", async () => {
    fx = await serve(sequence([507, 507]).reply);
    expect((await put({ retries: FAST })).error).toBeInstanceOf(errors.InternalServerError);
    expect(fx.seen).toHaveLength(1);
    expect((await put({ retries: FAST, retryCodes: ["5xx"] })).ok).toBe(true);
    expect(fx.seen).toHaveLength(3);
  });

  it("never retries a 400", async () => {
    fx = await serve(sequence([400]).reply);
    expect((await put({ retries: FAST })).ok).toBe(false);
    expect(fx.seen).toHaveLength(1);
  });

  it("honours Retry-After in seconds", async () => {
    const { reply, times } = sequence([429], { "retry-after": "1" });
    fx = await serve(reply);
    expect((await put({ retries: FAST })).ok).toBe(true);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const times: number[] = [];
    fx = await serve((_req, res, n) => {
      times.push(Date.now());
      if (n > 0) return json(res, 200, PUT_OK);
      // HTTP dates have whole seconds: two seconds ahead waits between one and two.
      json(res, 503, { error: "E" }, { "retry-after": new Date(Date.now() + 2_000).toUTCString() });
    });
    expect((await put({ retries: FAST })).ok).toBe(true);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
  });

  it("stops at maxElapsedTime and returns the last response's error", async () => {
    fx = await serve(always(503, { error: "Down", message: "m" }));
    const start = Date.now();
    const res = await put({
      retries: {
        strategy: "backoff",
        backoff: { initialInterval: 40, maxInterval: 40, exponent: 1, maxElapsedTime: 300 },
      },
    });
    const elapsed = Date.now() - start;
    expect(res.error).toBeInstanceOf(errors.InternalServerError);
    expect(elapsed).toBeLessThan(450);
    expect(fx.seen.length).toBeGreaterThanOrEqual(4);
    expect(fx.seen.length).toBeLessThanOrEqual(8);
  });

  it("does not wait for a Retry-After beyond the time budget", async () => {
    fx = await serve(always(429, { error: "RateLimitExceeded" }, { "retry-after": "30" }));
    const start = Date.now();
    const res = await put({ retries: FAST });
    expect(Date.now() - start).toBeLessThan(500);
    expect(res.error).toBeInstanceOf(errors.RateLimited);
    expect(fx.seen).toHaveLength(1);
  });

  it("retries connection errors only when asked", async () => {
    fx = await serve((_req, res, n) => {
      if (n % 2 === 0) return res.socket?.destroy();
      json(res, 200, PUT_OK);
    });
    const first = await put({ retries: FAST });
    expect(first.error).toBeInstanceOf(errors.ConnectionError);
    expect(fx.seen).toHaveLength(1);
    fx.seen.length = 0;
    const second = await put({ retries: { ...FAST, retryConnectionErrors: true } });
    expect(second.ok).toBe(true);
    expect(fx.seen).toHaveLength(2);
  });

  // Found when the SDK was tried: these headers turned into immediate retries with no attempt limit.
  it.each(["0", "Thu, 01 Jan 1970 00:00:00 GMT", "1.5", "-1", "soon"])(
    "keeps the backoff as a floor under Retry-After: %s",
    async (header) => {
      fx = await serve(always(503, { error: "E" }, { "retry-after": header }));
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      const res = await put({
        retries: { strategy: "backoff" },
        fetchOptions: { signal: controller.signal },
      });
      expect(res.error).toBeInstanceOf(errors.RequestAbortedError);
      // The default backoff waits 500 ms before the first retry.
      expect(fx.seen).toHaveLength(1);
    },
  );

  it("stops after maxAttempts, the first attempt included", async () => {
    fx = await serve(always(503, { error: "E" }));
    const res = await put({ retries: { ...FAST, maxAttempts: 3 } });
    expect(res.error).toBeInstanceOf(errors.InternalServerError);
    expect(fx.seen).toHaveLength(3);
  });

  it("makes at most DEFAULT_MAX_ATTEMPTS attempts when maxAttempts is omitted", async () => {
    fx = await serve(always(503, { error: "E" }));
    await put({ retries: FAST });
    expect(fx.seen).toHaveLength(DEFAULT_MAX_ATTEMPTS);
  });

  it("never retries an abort, even while waiting to retry", async () => {
    fx = await serve(always(503, { error: "E" }, { "retry-after": "1" }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const start = Date.now();
    const res = await put({ retries: FAST, fetchOptions: { signal: controller.signal } });
    expect(res.error).toBeInstanceOf(errors.RequestAbortedError);
    expect(Date.now() - start).toBeLessThan(800);
    expect(fx.seen).toHaveLength(1);
  });
});

describe("retry helpers", () => {
  it("matches exact codes and ranges, case-insensitively", () => {
    expect(matchesStatus(503, ["503"])).toBe(true);
    expect(matchesStatus(503, ["5XX"])).toBe(true);
    expect(matchesStatus(503, ["5xx"])).toBe(true);
    expect(matchesStatus(503, ["4XX", "502"])).toBe(false);
  });

  it("reads Retry-After as seconds or a date, and ignores garbage", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterMs("3", now)).toBe(3000);
    expect(retryAfterMs("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
    expect(retryAfterMs("Wed, 31 Dec 2025 00:00:05 GMT", now)).toBe(0);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it("parses Retry-After strictly, as RFC 9110 defines it", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    // delay-seconds is 1*DIGIT: no sign, no fraction, no exponent.
    for (const bad of ["1.5", "-1", "+3", "1e3", "0x10", "3 s", ""])
      expect(retryAfterMs(bad, now)).toBeUndefined();
    expect(retryAfterMs(" 7 ", now)).toBe(7000);
    // The three HTTP-date forms.
    expect(retryAfterMs("Thu, 01 Jan 2026 00:00:09 GMT", now)).toBe(9000);
    expect(retryAfterMs("Thursday, 01-Jan-26 00:00:09 GMT", now)).toBe(9000);
    expect(retryAfterMs("Thu Jan  1 00:00:09 2026", now)).toBe(9000);
    // Dates Date.parse would accept, which the header grammar does not.
    for (const bad of [
      "2026-01-01T00:00:09Z",
      "Thu, 1 Jan 2026 00:00:09 GMT",
      "Thu, 31 Feb 2026 00:00:09 GMT",
    ]) {
      expect(retryAfterMs(bad, now)).toBeUndefined();
    }
  });

  it("grows exponentially with at most 25% jitter, capped at maxInterval", () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const base = Math.min(DEFAULT_BACKOFF.maxInterval, DEFAULT_BACKOFF.initialInterval * 2 ** attempt);
      const delay = backoffDelay(DEFAULT_BACKOFF, attempt);
      expect(delay).toBeGreaterThanOrEqual(base);
      expect(delay).toBeLessThanOrEqual(Math.min(DEFAULT_BACKOFF.maxInterval, base * 1.25));
    }
    expect(DEFAULT_BACKOFF.maxElapsedTime).toBeLessThanOrEqual(60_000);
  });
});
