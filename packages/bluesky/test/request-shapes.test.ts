// Every generated operation, called through its standalone function against a loopback server that checks
// the HTTP request against the lexicon (method, path, query encoding of arrays, booleans and integers,
// JSON and binary bodies, headers) and answers a response built to satisfy the output schema, which the
// SDK must decode with unknown fields kept. Requests and responses are lexicon-valid samples
// (codegen/samples.ts), checked by the opt-in validator on the way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDocs } from "../codegen/lexicons.js";
import { buildOps, type Op, objectOf } from "../codegen/model.js";
import { Samples } from "../codegen/samples.js";
import { BlueskyCore } from "../src/core.js";
import { lexicons } from "../src/lexicons/index.js";
import { Lexicons } from "../src/lib/lex/validate.js";
import type { Issue } from "../src/models/errors/sdkvalidationerror.js";
import { lexiconValidator } from "../src/validation.js";
import { type Fixture, serve } from "./_util.js";

const docs = loadDocs();
const ops = buildOps(docs).filter((op) => op.kind !== "subscription");
const samples = new Samples(docs);
const lex = new Lexicons(lexicons);
const BYTES = new Uint8Array([0, 1, 2, 254, 255]);
const POST = {
  $type: "app.bsky.feed.post",
  text: "hello",
  createdAt: "2024-11-21T12:00:00.000Z",
  langs: ["en"],
};

type Case = { op: Op; request: unknown; response: unknown; problems: string[] };
const cases = new Map<string, Case>();

/** The request a test sends: every parameter and field, optional ones included. */
function requestOf(op: Op): unknown {
  if (op.request === "none") return undefined;
  if (op.request === "binary") return { body: BYTES, contentType: "application/x-test" };
  const node = op.request === "params" ? op.main.parameters! : op.main.input!.schema!;
  const request = samples.of(node, op.nsid, { full: true, depth: 3 }) as Record<string, unknown>;
  // Records written are validated against their collection (app.bsky.feed.post in the samples).
  if ("record" in request) request.record = POST;
  for (const write of (request.writes as Record<string, unknown>[] | undefined) ?? []) write.value = POST;
  return request;
}

/** The response the server gives: a valid body with one field no lexicon declares. */
function responseOf(op: Op): unknown {
  if (op.response !== "json") return undefined;
  const body = samples.of(objectOf(docs, op.nsid, op.main.output!.schema)!, op.nsid, {
    full: true,
    depth: 3,
  });
  return { ...(body as object), fieldFromTheFuture: { kept: true } };
}

/** What the server checks of one request. */
function check(
  c: Case,
  method: string,
  query: URLSearchParams,
  headers: Record<string, unknown>,
  body: Buffer,
) {
  const { op, request } = c;
  const fail = (what: string) => c.problems.push(what);
  if (method !== (op.kind === "query" ? "GET" : "POST")) fail(`method ${method}`);
  if ((headers.authorization === "Bearer t") !== (op.auth !== "none"))
    fail(`authorization ${headers.authorization}`);
  if (op.request === "params") {
    const expected = new URLSearchParams();
    for (const [k, v] of Object.entries(request as object)) {
      for (const item of Array.isArray(v) ? v : [v]) expected.append(k, String(item));
    }
    if (query.toString() !== expected.toString()) fail(`query ${query} != ${expected}`);
  } else if (query.toString()) fail(`query on a procedure: ${query}`);
  if (op.request === "json") {
    if (headers["content-type"] !== "application/json") fail(`content-type ${headers["content-type"]}`);
    if (JSON.stringify(JSON.parse(body.toString("utf8"))) !== JSON.stringify(request))
      fail("JSON body differs");
  } else if (op.request === "binary") {
    if (headers["content-type"] !== "application/x-test") fail(`content-type ${headers["content-type"]}`);
    if (!body.equals(Buffer.from(BYTES))) fail("binary body differs");
  } else if (body.length) fail("a body where the lexicon has none");
}

let fx: Fixture;
beforeAll(async () => {
  for (const op of ops)
    cases.set(op.nsid, { op, request: requestOf(op), response: responseOf(op), problems: [] });
  fx = await serve(async (req, res) => {
    const c = cases.get(req.path.replace("/xrpc/", ""));
    if (!c) return void res.writeHead(404).end();
    check(c, req.method, req.query, req.headers, Buffer.from(req.body, "latin1"));
    if (c.op.response === "none") return void res.writeHead(200).end();
    if (c.op.response === "binary") {
      return void res.writeHead(200, { "content-type": "application/vnd.ipld.car" }).end(Buffer.from(BYTES));
    }
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(c.response));
  }, "latin1");
});
afterAll(() => fx.close());

describe.each(ops.map((op) => [op.nsid, op] as const))("%s", (nsid, op) => {
  it(`${op.fn} sends what the lexicon says and decodes the answer`, async () => {
    const c = cases.get(nsid)!;
    // The samples are valid by the lexicon: the opt-in validator must agree, for the request and the response.
    const outputIssues: Issue[] = [];
    const out = op.main.output?.schema;
    if (out) lex.check(out as never, nsid, c.response, "", outputIssues);
    expect(outputIssues).toEqual([]);
    const client = new BlueskyCore({ serverURL: fx.url, bearer: "t", validator: lexiconValidator });
    const mod = (await import(`../src/funcs/${op.fn}.ts`)) as Record<string, Function>;
    const res = await mod[op.fn]!(client, c.request);
    if (!res.ok) throw res.error;
    expect(c.problems).toEqual([]);
    if (op.response === "none") expect(res.value).toBeUndefined();
    else if (op.response === "binary") {
      expect(res.value).toEqual({ body: BYTES, contentType: "application/vnd.ipld.car" });
    } else expect({ ...res.value }).toEqual(c.response);
  });
});
