// @vitest-environment happy-dom
// Every operation's hooks, rendered against a real server: the trio for procedures, the query family for
// queries. One table drives them all, as one factory builds them all.
import { act, waitFor } from "@testing-library/react";
import * as viaSubpath from "bluesky/react-query";
import * as putViaPath from "bluesky/react-query/repoPutRecord.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BlueskyCore } from "../src/core.js";
import * as rq from "../src/react-query/index.js";
import { renderBlueskyHook } from "./_react.js";
import { type Fixture, type FixtureRequest, jsonOf, startFixture, xrpcError } from "./_xrpc-fixture.js";

const DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
const CID = "bafyreiclp443lavogvhj3d2ob2cxbfuscni2k5jk7bebjzg7khl3esabwq";
const URI = `at://${DID}/app.example.thing/self`;
const COMMIT = { cid: CID, rev: "3jzfcijpj2z2a" };
const SESSION = { accessJwt: "a", refreshJwt: "r", handle: "alice.test", did: DID };
const BLOB = { $type: "blob", ref: { $link: CID }, mimeType: "image/png", size: 3 };

type Case = {
  op: string;
  ns: "repo" | "server";
  name: string;
  request: unknown;
  reply: unknown;
  /** What the server must have received, from the request it saw. */
  sent: (req: FixtureRequest) => unknown;
  expected: unknown;
};
const json = (req: FixtureRequest) => jsonOf(req);
const params = (req: FixtureRequest) => Object.fromEntries(req.params);

const MUTATIONS: Case[] = [
  {
    op: "RepoPutRecord",
    ns: "repo",
    name: "putRecord",
    request: { repo: DID, collection: "app.example.thing", rkey: "self", record: { a: 1 } },
    reply: { uri: URI, cid: CID, commit: COMMIT },
    sent: json,
    expected: { repo: DID, collection: "app.example.thing", rkey: "self", record: { a: 1 } },
  },
  {
    op: "RepoCreateRecord",
    ns: "repo",
    name: "createRecord",
    request: { repo: DID, collection: "app.example.thing", record: { a: 1 } },
    reply: { uri: URI, cid: CID, commit: COMMIT },
    sent: json,
    expected: { repo: DID, collection: "app.example.thing", record: { a: 1 } },
  },
  {
    op: "RepoDeleteRecord",
    ns: "repo",
    name: "deleteRecord",
    request: { repo: DID, collection: "app.example.thing", rkey: "self" },
    reply: { commit: COMMIT },
    sent: json,
    expected: { repo: DID, collection: "app.example.thing", rkey: "self" },
  },
  {
    op: "RepoApplyWrites",
    ns: "repo",
    name: "applyWrites",
    request: {
      repo: DID,
      writes: [
        { $type: "com.atproto.repo.applyWrites#delete", collection: "app.example.thing", rkey: "self" },
      ],
    },
    reply: { commit: COMMIT, results: [{ $type: "com.atproto.repo.applyWrites#deleteResult" }] },
    sent: (req) => jsonOf(req).writes,
    expected: [
      { $type: "com.atproto.repo.applyWrites#delete", collection: "app.example.thing", rkey: "self" },
    ],
  },
  {
    op: "RepoUploadBlob",
    ns: "repo",
    name: "uploadBlob",
    request: { body: new Uint8Array([1, 2, 3]), contentType: "image/png" },
    reply: { blob: BLOB },
    sent: (req) => [req.headers["content-type"], [...req.body]],
    expected: ["image/png", [1, 2, 3]],
  },
  {
    op: "ServerCreateSession",
    ns: "server",
    name: "createSession",
    request: { identifier: "alice.test", password: "hunter2" },
    reply: SESSION,
    sent: json,
    expected: { identifier: "alice.test", password: "hunter2" },
  },
  {
    op: "ServerRefreshSession",
    ns: "server",
    name: "refreshSession",
    request: undefined,
    reply: SESSION,
    sent: (req) => req.method,
    expected: "POST",
  },
  {
    op: "ServerCreateAccount",
    ns: "server",
    name: "createAccount",
    request: { handle: "alice.test", email: "alice@example.com", password: "hunter2" },
    reply: SESSION,
    sent: json,
    expected: { handle: "alice.test", email: "alice@example.com", password: "hunter2" },
  },
];

const QUERIES: Case[] = [
  {
    op: "RepoGetRecord",
    ns: "repo",
    name: "getRecord",
    request: { repo: DID, collection: "app.example.thing", rkey: "self" },
    reply: { uri: URI, cid: CID, value: { a: 1 } },
    sent: params,
    expected: { repo: DID, collection: "app.example.thing", rkey: "self" },
  },
  {
    op: "RepoListRecords",
    ns: "repo",
    name: "listRecords",
    request: { repo: DID, collection: "app.example.thing", limit: 2 },
    reply: { records: [{ uri: URI, cid: CID, value: { a: 1 } }] },
    sent: params,
    expected: { repo: DID, collection: "app.example.thing", limit: "2" },
  },
  {
    op: "RepoDescribeRepo",
    ns: "repo",
    name: "describeRepo",
    request: { repo: DID },
    reply: {
      handle: "alice.test",
      did: DID,
      didDoc: {},
      collections: ["app.example.thing"],
      handleIsCorrect: true,
    },
    sent: params,
    expected: { repo: DID },
  },
  {
    op: "ServerGetSession",
    ns: "server",
    name: "getSession",
    request: undefined,
    reply: { handle: "alice.test", did: DID },
    sent: (req) => req.method,
    expected: "GET",
  },
];

const nsidOf = (c: Case) => `com.atproto.${c.ns}.${c.name}`;
// biome-ignore lint/suspicious/noExplicitAny: the table reaches every export by name; each is typed at its own site
const hook = (name: string): any => (rq as Record<string, unknown>)[name];

let server: Fixture;
let client: BlueskyCore;
const failing = new Set<string>();

beforeAll(async () => {
  const routes = Object.fromEntries(
    [...MUTATIONS, ...QUERIES].map((c) => [
      nsidOf(c),
      () => (failing.has(nsidOf(c)) ? xrpcError(500, "InternalServerError", "down") : { body: c.reply }),
    ]),
  );
  server = await startFixture(routes);
  client = new BlueskyCore({ serverURL: server.url, bearer: "token" });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  failing.clear();
});

describe("bluesky/react-query", () => {
  it("resolves as package subpaths (the index and one operation) to the same modules", () => {
    expect(viaSubpath.BlueskyProvider).toBe(rq.BlueskyProvider);
    expect(viaSubpath.useRepoPutRecordMutation).toBe(rq.useRepoPutRecordMutation);
    expect(putViaPath.useRepoPutRecordMutation).toBe(rq.useRepoPutRecordMutation);
  });
});

describe.each(MUTATIONS)("$op mutation", (c) => {
  it("sends the request and returns the response", async () => {
    const { result } = renderBlueskyHook(() => hook(`use${c.op}Mutation`)(), client);
    let data: unknown;
    await act(async () => {
      data = await result.current.mutateAsync({ request: c.request });
    });
    expect(data).toEqual(c.reply);
    expect(server.requests.map((r) => r.nsid)).toEqual([nsidOf(c)]);
    expect(c.sent(server.requests[0]!)).toEqual(c.expected);
  });

  it("has a key under the package name and a builder using it", () => {
    expect(hook(`mutationKey${c.op}`)()).toEqual(["bluesky", c.ns, c.name]);
    expect(hook(`build${c.op}Mutation`)(client).mutationKey).toEqual(["bluesky", c.ns, c.name]);
  });
});

describe.each(QUERIES)("$op query", (c) => {
  const key = () => hook(`queryKey${c.op}`)(c.request);

  it("fetches with use<Op> and caches under queryKey<Op>", async () => {
    const { result, queryClient } = renderBlueskyHook(() => hook(`use${c.op}`)(c.request), client);
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toEqual(c.reply);
    expect(c.sent(server.requests[0]!)).toEqual(c.expected);
    expect(queryClient.getQueryData(key())).toEqual(c.reply);
    expect(key().slice(0, 3)).toEqual(["bluesky", c.ns, c.name]);
  });

  it("suspends with use<Op>Suspense until the data is there", async () => {
    const { result } = renderBlueskyHook(() => hook(`use${c.op}Suspense`)(c.request), client);
    expect(result.current).toBeNull();
    await waitFor(() => expect(result.current?.data).toEqual(c.reply));
  });

  it("fills the cache with prefetch<Op>", async () => {
    const { queryClient } = renderBlueskyHook(() => null, client);
    await hook(`prefetch${c.op}`)(queryClient, client, c.request);
    expect(queryClient.getQueryData(key())).toEqual(c.reply);
  });

  it("refetches active queries on invalidate<Op>", async () => {
    const { result, queryClient } = renderBlueskyHook(() => hook(`use${c.op}`)(c.request), client);
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    await act(() => hook(`invalidate${c.op}`)(queryClient));
    expect(server.requests).toHaveLength(2);
  });

  it("fails once with the SDK's error: TanStack's default query retries are off", async () => {
    failing.add(nsidOf(c));
    const { result } = renderBlueskyHook(() => hook(`use${c.op}`)(c.request), client);
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toMatchObject({ name: "InternalServerError", statusCode: 500 });
    expect(server.requests).toHaveLength(1);
  });
});
