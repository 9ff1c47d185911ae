import { afterEach, describe, expect, it, vi } from "vitest";
import { BlueskyCore } from "../src/core.js";
import { repoGetRecord } from "../src/funcs/repoGetRecord.js";
import { repoPutRecord } from "../src/funcs/repoPutRecord.js";
import { serverCreateSession } from "../src/funcs/serverCreateSession.js";
import { SDKHooks } from "../src/hooks/hooks.js";
import { DEFAULT_SERVER_URL, ServerList } from "../src/lib/config.js";
import { HTTPClient } from "../src/lib/http.js";
import * as errors from "../src/models/errors/index.js";
import { always, type Fixture, json, PUT_OK, PUT_REQUEST, serve } from "./_util.js";

let fx: Fixture;
afterEach(() => {
  vi.unstubAllEnvs();
  return fx?.close();
});

/** A server that answers putRecord after `ms`. */
const slow = (ms: number) => serve((_req, res) => void setTimeout(() => json(res, 200, PUT_OK), ms));

describe("timeouts and aborts", () => {
  it("fails with RequestTimeoutError when timeoutMs elapses", async () => {
    fx = await slow(1_000);
    const client = new BlueskyCore({ serverURL: fx.url });
    const res = await repoPutRecord(client, PUT_REQUEST, { timeoutMs: 50 });
    expect(res.error).toBeInstanceOf(errors.RequestTimeoutError);
  });

  it("uses the client's timeoutMs when the call gives none", async () => {
    fx = await slow(1_000);
    const res = await repoPutRecord(new BlueskyCore({ serverURL: fx.url, timeoutMs: 50 }), PUT_REQUEST);
    expect(res.error).toBeInstanceOf(errors.RequestTimeoutError);
  });

  it("retries a timed-out attempt only with retryConnectionErrors", async () => {
    fx = await serve((_req, res, n) => void setTimeout(() => json(res, 200, PUT_OK), n === 0 ? 1_000 : 0));
    const client = new BlueskyCore({ serverURL: fx.url });
    const retries = {
      strategy: "backoff" as const,
      backoff: { initialInterval: 5 },
      retryConnectionErrors: true,
    };
    const res = await repoPutRecord(client, PUT_REQUEST, { timeoutMs: 100, retries });
    expect(res.ok).toBe(true);
    expect(fx.seen).toHaveLength(2);
  });

  it("fails with RequestAbortedError when the caller's signal aborts", async () => {
    fx = await slow(1_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const res = await repoPutRecord(new BlueskyCore({ serverURL: fx.url }), PUT_REQUEST, {
      timeoutMs: 5_000,
      fetchOptions: { signal: controller.signal },
    });
    expect(res.error).toBeInstanceOf(errors.RequestAbortedError);
  });

  it("fails with ConnectionError when nothing listens", async () => {
    fx = await serve(always(200, PUT_OK));
    await fx.close();
    const res = await repoPutRecord(new BlueskyCore({ serverURL: fx.url }), PUT_REQUEST);
    expect(res.error).toBeInstanceOf(errors.ConnectionError);
  });
});

describe("headers and auth", () => {
  it("lets fetchOptions headers win, Authorization included", async () => {
    fx = await serve(always(200, PUT_OK));
    const client = new BlueskyCore({ serverURL: fx.url, bearer: "sdk-token" });
    await repoPutRecord(client, PUT_REQUEST, {
      fetchOptions: {
        headers: { authorization: "Bearer mine", "x-extra": "1", "content-type": "application/json" },
      },
    });
    expect(fx.seen[0]!.headers.authorization).toBe("Bearer mine");
    expect(fx.seen[0]!.headers["x-extra"]).toBe("1");
  });

  it("calls a bearer function for every request", async () => {
    fx = await serve(always(200, PUT_OK));
    let n = 0;
    const client = new BlueskyCore({ serverURL: fx.url, bearer: async () => `token-${++n}` });
    await repoPutRecord(client, PUT_REQUEST);
    await repoPutRecord(client, PUT_REQUEST);
    expect(fx.seen.map((s) => s.headers.authorization)).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("keeps a bearer that already has its prefix, and sends none when empty", async () => {
    fx = await serve(always(200, PUT_OK));
    await repoPutRecord(new BlueskyCore({ serverURL: fx.url, bearer: "Bearer abc" }), PUT_REQUEST);
    await repoPutRecord(new BlueskyCore({ serverURL: fx.url, bearer: "" }), PUT_REQUEST);
    expect(fx.seen[0]!.headers.authorization).toBe("Bearer abc");
    expect(fx.seen[1]!.headers.authorization).toBeUndefined();
  });

  it("falls back to BLUESKY_BEARER", async () => {
    fx = await serve(always(200, PUT_OK));
    vi.stubEnv("BLUESKY_BEARER", "from-env");
    await repoPutRecord(new BlueskyCore({ serverURL: fx.url }), PUT_REQUEST);
    expect(fx.seen[0]!.headers.authorization).toBe("Bearer from-env");
  });

  it("sends the token to reads, whose auth is optional, and none to operations without auth", async () => {
    fx = await serve(always(200, { uri: "at://x/y/z", value: {} }));
    const client = new BlueskyCore({ serverURL: fx.url, bearer: "t" });
    await repoGetRecord(client, { repo: "alice.test", collection: "app.bsky.feed.post", rkey: "a" });
    await serverCreateSession(client, { identifier: "alice.test", password: "pw" });
    expect(fx.seen.map((s) => s.headers.authorization)).toEqual(["Bearer t", undefined]);
  });

  it("fails with InvalidRequestError for a token fetch refuses as a header value", async () => {
    fx = await serve(always(200, PUT_OK));
    const res = await repoPutRecord(
      new BlueskyCore({ serverURL: fx.url, bearer: "bad\ntoken" }),
      PUT_REQUEST,
    );
    expect(res.error).toBeInstanceOf(errors.InvalidRequestError);
    expect(fx.seen).toHaveLength(0);
  });

  it("fails with InvalidRequestError for a malformed per-call serverURL", async () => {
    const res = await repoPutRecord(new BlueskyCore(), PUT_REQUEST, { serverURL: "not a url" });
    expect(res.error).toBeInstanceOf(errors.InvalidRequestError);
  });

  it("resolves a bearer function's failure to UnexpectedClientError", async () => {
    fx = await serve(always(200, PUT_OK));
    const client = new BlueskyCore({
      serverURL: fx.url,
      bearer: async () => {
        throw new Error("vault locked");
      },
    });
    const res = await repoPutRecord(client, PUT_REQUEST);
    expect(res.error).toBeInstanceOf(errors.UnexpectedClientError);
    expect(fx.seen).toHaveLength(0);
  });
});

describe("server URL", () => {
  it("reads BLUESKY_SERVER_URL when no serverURL is given", async () => {
    fx = await serve(always(200, PUT_OK));
    vi.stubEnv("BLUESKY_SERVER_URL", `${fx.url}/`);
    expect((await repoPutRecord(new BlueskyCore(), PUT_REQUEST)).ok).toBe(true);
    expect(fx.seen[0]!.path).toBe("/xrpc/com.atproto.repo.putRecord");
  });

  it("lets a per-call serverURL win", async () => {
    fx = await serve(always(200, PUT_OK));
    const client = new BlueskyCore({ serverURL: "http://127.0.0.1:1" });
    expect((await repoPutRecord(client, PUT_REQUEST, { serverURL: fx.url })).ok).toBe(true);
  });

  it("keeps a base path", async () => {
    fx = await serve(always(200, PUT_OK));
    await repoPutRecord(new BlueskyCore({ serverURL: `${fx.url}/pds//` }), PUT_REQUEST);
    expect(fx.seen[0]!.path).toBe("/pds/xrpc/com.atproto.repo.putRecord");
  });

  it("resolves named servers and the documented default", () => {
    vi.stubEnv("BLUESKY_SERVER_URL", "");
    expect(new BlueskyCore()._baseURL).toBe(`${DEFAULT_SERVER_URL}/`);
    expect(new BlueskyCore({ server: "public" })._baseURL).toBe(`${ServerList.public}/`);
    expect(new BlueskyCore({ server: "public", serverURL: "http://x.test" })._baseURL).toBe("http://x.test/");
    expect(() => new BlueskyCore({ server: "nope" as "public" })).toThrow(errors.InvalidRequestError);
  });
});

describe("hooks", () => {
  it("runs SDK hooks per attempt in the anchor's order", async () => {
    fx = await serve((_req, res, n) => json(res, n === 0 ? 503 : 200, n === 0 ? { error: "E" } : PUT_OK));
    const order: string[] = [];
    const hooks = new SDKHooks();
    hooks.registerBeforeCreateRequestHook((ctx, input) => {
      order.push(`create:${ctx.operationID}`);
      return input;
    });
    hooks.registerBeforeRequestHook((_ctx, req) => {
      order.push("before");
      const next = new Request(req);
      next.headers.set("x-hooked", "yes");
      return next;
    });
    hooks.registerAfterErrorHook((_ctx, res, error) => {
      order.push(`error:${res?.status}`);
      return { response: res, error };
    });
    hooks.registerAfterSuccessHook((_ctx, res) => {
      order.push(`success:${res.status}`);
      return res;
    });
    const client = new BlueskyCore({ serverURL: fx.url, hooks });
    const res = await repoPutRecord(client, PUT_REQUEST, {
      retries: { strategy: "backoff", backoff: { initialInterval: 5 } },
    });
    expect(res.ok).toBe(true);
    expect(order).toEqual([
      "create:com.atproto.repo.putRecord",
      "before",
      "error:503",
      "before",
      "success:200",
    ]);
    expect(fx.seen.every((s) => s.headers["x-hooked"] === "yes")).toBe(true);
  });

  it("fails the call with an error an afterError hook returns", async () => {
    fx = await serve(always(500, { error: "E" }));
    const hooks = new SDKHooks();
    hooks.registerAfterErrorHook((_ctx, response) => ({ response, error: new Error("policy") }));
    const res = await repoPutRecord(new BlueskyCore({ serverURL: fx.url, hooks }), PUT_REQUEST);
    expect(res.error).toBeInstanceOf(errors.UnexpectedClientError);
    expect((res.error as Error).cause).toEqual(new Error("policy"));
  });

  it("runs HTTPClient hooks around the fetcher", async () => {
    fx = await serve(always(200, PUT_OK));
    const seen: string[] = [];
    const httpClient = new HTTPClient()
      .addHook("beforeRequest", (req) => {
        seen.push(`before:${req.method}`);
        return undefined;
      })
      .addHook("response", (res) => void seen.push(`response:${res.status}`));
    await repoPutRecord(new BlueskyCore({ serverURL: fx.url, httpClient }), PUT_REQUEST);
    expect(seen).toEqual(["before:POST", "response:200"]);
  });

  it("logs requests and responses to debugLogger", async () => {
    fx = await serve(always(200, PUT_OK));
    const lines: unknown[][] = [];
    const debugLogger = { group() {}, groupEnd() {}, log: (...args: unknown[]) => void lines.push(args) };
    await repoPutRecord(new BlueskyCore({ serverURL: fx.url, debugLogger }), PUT_REQUEST);
    expect(lines[0]).toEqual(["Request:", "POST", `${fx.url}/xrpc/com.atproto.repo.putRecord`]);
    expect(lines[1]).toEqual(["Response:", 200]);
  });
});
