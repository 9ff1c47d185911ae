import { afterEach, describe, expect, it } from "vitest";
import { BlueskyCore } from "../src/core.js";
import { repoCreateRecord } from "../src/funcs/repoCreateRecord.js";
import { repoPutRecord } from "../src/funcs/repoPutRecord.js";
import { toResult } from "../src/lib/match.js";
import * as errors from "../src/models/errors/index.js";
import { comAtprotoRepoPutRecord } from "../src/models/operations/comatprotorepoputrecord.js";
import { always, type Fixture, json, PUT_REQUEST, serve } from "./_util.js";

let fx: Fixture;
afterEach(() => fx?.close());

async function putWith(status: number, body: unknown, headers?: Record<string, string>) {
  fx = await serve(always(status, body, headers));
  const res = await repoPutRecord(new BlueskyCore({ serverURL: fx.url, bearer: "t" }), PUT_REQUEST);
  if (res.ok) throw new Error(`expected an error for ${status}`);
  return res.error;
}

// The API page's error table, row by row: every listed status maps to its class.
const TABLE: [string, number[], new (...args: never[]) => Error][] = [
  ["ComAtprotoRepoPutRecordResponseBody", [400], errors.ComAtprotoRepoPutRecordResponseBody],
  ["ComAtprotoRepoPutRecordRepoResponseBody", [401], errors.ComAtprotoRepoPutRecordRepoResponseBody],
  // 407 is tested below: the Fetch standard turns a 407 into a network error, so no socket test can see it.
  ["Unauthorized", [403, 511], errors.Unauthorized],
  ["NotFound", [404, 501, 505], errors.NotFound],
  ["Timeout", [408, 504], errors.Timeout],
  ["BadRequest", [413, 414, 415, 422, 431, 510], errors.BadRequest],
  ["RateLimited", [429], errors.RateLimited],
  ["InternalServerError", [500, 502, 503, 506, 507, 508], errors.InternalServerError],
];

describe("error table", () => {
  for (const [name, statuses, cls] of TABLE) {
    it(`${statuses.join(", ")} → ${name}, keeping status, headers, body and response`, async () => {
      for (const status of statuses) {
        const body = { error: "SomeName", message: `status ${status}` };
        const error = await putWith(status, body, { "x-trace": "abc" });
        expect(error).toBeInstanceOf(cls);
        expect(error.name).toBe(name);
        const e = error as errors.XRPCError;
        expect(e.statusCode).toBe(status);
        expect(e.headers.get("x-trace")).toBe("abc");
        expect(JSON.parse(e.body)).toEqual(body);
        expect(e.rawResponse.status).toBe(status);
        expect(e.message).toBe(`status ${status}`);
        expect(e.error).toBe("SomeName");
        await fx.close();
      }
    });
  }

  it("407 → Unauthorized in the matcher (fetch itself reports a 407 as a network error)", async () => {
    const response = new Response(JSON.stringify({ error: "ProxyAuth", message: "m" }), {
      status: 407,
      headers: { "content-type": "application/json" },
    });
    const res = await toResult(comAtprotoRepoPutRecord, response);
    expect(res.error).toBeInstanceOf(errors.Unauthorized);
    expect((res.error as errors.Unauthorized).statusCode).toBe(407);
  });

  it("any other 4XX/5XX → APIError", async () => {
    for (const status of [402, 418, 509, 599]) {
      const error = await putWith(status, { error: "X", message: "y" });
      expect(error).toBeInstanceOf(errors.APIError);
      expect((error as errors.APIError).statusCode).toBe(status);
      await fx.close();
    }
  });

  it("a non-JSON error body → APIError with the body kept", async () => {
    fx = await serve((_req, res) => {
      res.writeHead(503, { "content-type": "text/html" });
      res.end("<h1>down</h1>");
    });
    const res = await repoPutRecord(new BlueskyCore({ serverURL: fx.url }), PUT_REQUEST);
    expect(res.ok).toBe(false);
    const error = res.error as errors.APIError;
    expect(error).toBeInstanceOf(errors.APIError);
    expect(error.body).toBe("<h1>down</h1>");
    expect(error.contentType).toBe("text/html");
    expect(error.message).toContain("Status 503");
  });

  it("a 400 JSON body without an error name → APIError", async () => {
    const error = await putWith(400, { message: "no name" });
    expect(error).toBeInstanceOf(errors.APIError);
  });

  it("keeps an unknown XRPC error name instead of failing validation", async () => {
    const error = await putWith(400, { error: "AccountNotFound", message: "gone" });
    expect(error).toBeInstanceOf(errors.ComAtprotoRepoPutRecordResponseBody);
    expect((error as errors.ComAtprotoRepoPutRecordResponseBody).error).toBe("AccountNotFound");
    expect((error as errors.ComAtprotoRepoPutRecordResponseBody).data$).toEqual({
      error: "AccountNotFound",
      message: "gone",
    });
  });

  it("names each operation's 400 and 401 classes after it", async () => {
    fx = await serve((_req, res, n) =>
      json(res, n === 0 ? 400 : 401, { error: "InvalidSwap", message: "m" }),
    );
    const client = new BlueskyCore({ serverURL: fx.url });
    const request = { repo: "alice.test", collection: "app.bsky.feed.post", record: { text: "x" } };
    const first = await repoCreateRecord(client, request);
    const second = await repoCreateRecord(client, request);
    expect(first.error).toBeInstanceOf(errors.ComAtprotoRepoCreateRecordResponseBody);
    expect(first.error?.name).toBe("ComAtprotoRepoCreateRecordResponseBody");
    expect(second.error).toBeInstanceOf(errors.ComAtprotoRepoCreateRecordRepoResponseBody);
  });

  it("a 2XX that does not match the output schema → ResponseValidationError with the response", async () => {
    fx = await serve(always(200, { uri: 42 }));
    const res = await repoPutRecord(new BlueskyCore({ serverURL: fx.url }), PUT_REQUEST);
    const error = res.error as errors.ResponseValidationError;
    expect(error).toBeInstanceOf(errors.ResponseValidationError);
    expect(error.statusCode).toBe(200);
    expect(error.pretty()).toContain("uri: expected a string");
    expect(error.pretty()).toContain("cid: required");
  });

  it("a 2XX that is not JSON → APIError", async () => {
    fx = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    });
    const res = await repoPutRecord(new BlueskyCore({ serverURL: fx.url }), PUT_REQUEST);
    expect(res.error).toBeInstanceOf(errors.APIError);
  });
});
