import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { accessStandard } from "../src/auth/verifier.js";
import {
  CREATE_SESSION_LIMITS,
  GLOBAL_LIMITS,
  RateLimiter,
  REPO_WRITE_LIMITS,
  repoWriteLimit,
} from "../src/rate-limit.js";
import { defineRoute } from "../src/xrpc/route.js";
import { createTestAccount, startTestPds, type TestAccount, type TestPds, xrpc } from "./_util.js";

// A write-shaped route charging a fifth of the hourly budget per call, so the limit is reached in a
// few requests; the real write routes declare the same helper with WRITE_POINTS.
const FIFTH = REPO_WRITE_LIMITS[0]!.points / 5;
const heavyWrite = defineRoute({
  nsid: "com.example.test.heavyWrite",
  type: "procedure",
  auth: accessStandard,
  rateLimit: repoWriteLimit(() => FIFTH),
  handler: () => ({ encoding: "application/json", body: {} }),
});

describe("with PDS_RATE_LIMITS_ENABLED", () => {
  let pds: TestPds;
  let alice: TestAccount;
  let bob: TestAccount;
  beforeAll(async () => {
    pds = await startTestPds({ rateLimitsEnabled: true });
    pds.app.router.add(heavyWrite);
    alice = await createTestAccount(pds, "alice");
    bob = await createTestAccount(pds, "bobby");
  });
  afterAll(() => pds.close());

  test("repo writes: 429 RateLimitExceeded with RateLimit-* and Retry-After once the DID's budget is spent", async () => {
    for (let i = 1; i <= 5; i++) {
      const res = await xrpc(pds.url, heavyWrite.nsid, { method: "POST", token: alice.accessJwt });
      expect(res.status).toBe(200);
      // Successes carry the tightest budget's headers too, as the reference sends them.
      expect(res.headers.get("ratelimit-remaining")).toBe(String(5000 - i * FIFTH));
      expect(res.headers.get("ratelimit-policy")).toBe("5000;w=3600");
      expect(res.headers.get("retry-after")).toBeNull();
    }
    const res = await xrpc(pds.url, heavyWrite.nsid, { method: "POST", token: alice.accessJwt });
    expect([res.status, res.body]).toEqual([
      429,
      { error: "RateLimitExceeded", message: "Rate Limit Exceeded" },
    ]);
    expect(res.headers.get("ratelimit-limit")).toBe("5000");
    expect(res.headers.get("ratelimit-remaining")).toBe("0");
    expect(res.headers.get("ratelimit-policy")).toBe("5000;w=3600");
    const reset = Number(res.headers.get("ratelimit-reset"));
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 3601);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // Another account's budget is its own.
    expect((await xrpc(pds.url, heavyWrite.nsid, { method: "POST", token: bob.accessJwt })).status).toBe(200);
  });

  test("auth comes before the rate limit: an anonymous call is 401, not 429", async () => {
    const res = await xrpc(pds.url, heavyWrite.nsid, { method: "POST" });
    expect(res.status).toBe(401);
  });

  test("createSession: 30 attempts per 5 minutes per identifier and IP", async () => {
    const attempt = (identifier: string) =>
      xrpc(pds.url, "com.atproto.server.createSession", { body: { identifier, password: "wrong" } });
    for (let i = 0; i < 30; i++) expect((await attempt("carol.test")).status).toBe(401);
    const limited = await attempt("carol.test");
    expect([limited.status, limited.body.error]).toEqual([429, "RateLimitExceeded"]);
    expect(limited.headers.get("ratelimit-policy")).toBe("30;w=300");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Case does not open a fresh budget; another identifier has its own.
    expect((await attempt("CAROL.test")).status).toBe(429);
    expect((await attempt("dave.test")).status).toBe(401);
  });

  test("createSession: an identifier longer than any DID, handle or email is refused before it is kept", async () => {
    const before = pds.ctx.rateLimiter.stats().windows;
    const huge = "x".repeat(140_000);
    for (let i = 0; i < 100; i++) {
      const res = await xrpc(pds.url, "com.atproto.server.createSession", {
        body: { identifier: `${i}${huge}`, password: "wrong" },
      });
      expect([res.status, res.body.error]).toEqual([400, "InvalidRequest"]);
    }
    expect(pds.ctx.rateLimiter.stats().windows).toBe(before);
    // Identifiers of a legal length are counted under a fixed-size key, whatever their length.
    for (let i = 0; i < 20; i++) {
      const res = await xrpc(pds.url, "com.atproto.server.createSession", {
        body: { identifier: `did:web:${i}${"a".repeat(2000)}`, password: "wrong" },
      });
      expect(res.status).toBe(401);
    }
    const after = pds.ctx.rateLimiter.stats();
    expect(after.windows).toBe(before + 20 * CREATE_SESSION_LIMITS.length);
    expect(after.longestKey).toBeLessThan(100);
  });
});

test("the limiter keeps at most its configured number of windows, forgetting the least recent", () => {
  const limiter = new RateLimiter(true, 1000);
  for (let i = 0; i < 5000; i++) limiter.consume(GLOBAL_LIMITS, `10.0.${i >> 8}.${i & 255}`, 1);
  expect(limiter.stats().windows).toBe(1000);
  // A recent key keeps its count; the oldest were forgotten and start over.
  const recent = limiter.consume(GLOBAL_LIMITS, "10.0.19.135", 1);
  expect(recent?.["RateLimit-Remaining"]).toBe(String(GLOBAL_LIMITS[0]!.points - 2));
  const forgotten = limiter.consume(GLOBAL_LIMITS, "10.0.0.0", 1);
  expect(forgotten?.["RateLimit-Remaining"]).toBe(String(GLOBAL_LIMITS[0]!.points - 1));
});

test("every XRPC call counts against the per-IP budget of 3000 per 5 minutes", async () => {
  const pds = await startTestPds({ rateLimitsEnabled: true });
  try {
    // Spend all but two points the way 2998 earlier calls would have (3000 real requests take too long).
    pds.ctx.rateLimiter.consume(GLOBAL_LIMITS, "127.0.0.1", GLOBAL_LIMITS[0]!.points - 2);
    expect((await xrpc(pds.url, "_health")).status).toBe(200);
    expect((await xrpc(pds.url, "com.atproto.server.describeServer")).status).toBe(200);
    const over = await xrpc(pds.url, "_health");
    expect([over.status, over.body.error]).toEqual([429, "RateLimitExceeded"]);
    expect(over.headers.get("ratelimit-policy")).toBe("3000;w=300");
  } finally {
    await pds.close();
  }
});

test("off by default: the same calls are never limited", async () => {
  const pds = await startTestPds();
  try {
    pds.app.router.add(heavyWrite);
    const alice = await createTestAccount(pds, "alice");
    for (let i = 0; i < 7; i++) {
      const res = await xrpc(pds.url, heavyWrite.nsid, { method: "POST", token: alice.accessJwt });
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBeNull();
    }
  } finally {
    await pds.close();
  }
});
