// @vitest-environment happy-dom
import { act, renderHook, waitFor } from "@testing-library/react";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BlueskyCore } from "../src/core.js";
import { RecordCidMismatchError, repoPutRecordVerified } from "../src/integrity.js";
import { XRPCError } from "../src/models/errors/blueskyerror.js";
import { BlueskyProviderMissingError } from "../src/react-query/_context.js";
import { mutationHooks } from "../src/react-query/_mutation.js";
import {
  buildRepoPutRecordMutation,
  mutationKeyRepoPutRecord,
  useRepoPutRecordMutation,
} from "../src/react-query/repoPutRecord.js";
import { renderBlueskyHook } from "./_react.js";
import { type Fixture, jsonOf, startFixture, xrpcError } from "./_xrpc-fixture.js";

const CID = "bafyreiclp443lavogvhj3d2ob2cxbfuscni2k5jk7bebjzg7khl3esabwq";
const REPLY = {
  uri: "at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3jzfcijpj2z2a",
  cid: CID,
  commit: { cid: CID, rev: "3jzfcijpj2z2a" },
  validationStatus: "valid",
};
const REQUEST = {
  repo: "did:plc:ewvi7nxzyoun6zhxrhs64oiz",
  collection: "app.bsky.feed.post",
  rkey: "3jzfcijpj2z2a",
  record: { $type: "app.bsky.feed.post", text: "hello", createdAt: "2026-11-27T12:00:00.000Z" },
};

let server: Fixture;
let client: BlueskyCore;
// The server's answer for the next putRecord; a test may swap it, or make it wait for a signal.
let reply: () => Promise<{ status?: number; body?: unknown }>;

beforeAll(async () => {
  server = await startFixture({ "com.atproto.repo.putRecord": () => reply() });
  client = new BlueskyCore({ serverURL: server.url, bearer: "token" });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  reply = async () => ({ body: REPLY });
});

describe("useRepoPutRecordMutation", () => {
  it("sends { request } through repoPutRecord and returns the response", async () => {
    const { result } = renderBlueskyHook(() => useRepoPutRecordMutation(), client);
    let data: unknown;
    await act(async () => {
      data = await result.current.mutateAsync({ request: REQUEST });
    });
    expect(data).toEqual(REPLY);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.method).toBe("POST");
    expect(jsonOf(server.requests[0]!)).toEqual(REQUEST);
    expect(server.requests[0]!.headers.authorization).toBe("Bearer token");
  });

  it("fails with the operation's typed error, once, without a TanStack retry", async () => {
    reply = async () => xrpcError(400, "InvalidSwap", "record was at another cid");
    const { result } = renderBlueskyHook(() => useRepoPutRecordMutation(), client);
    act(() => result.current.mutate({ request: { ...REQUEST, swapRecord: CID } }));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toBeInstanceOf(XRPCError);
    expect(result.current.error).toMatchObject({ error: "InvalidSwap", statusCode: 400 });
    expect(server.requests).toHaveLength(1);
  });

  it("merges hook-level and call-level options, the call winning", async () => {
    const { result } = renderBlueskyHook(
      () =>
        useRepoPutRecordMutation({
          fetchOptions: { headers: { "x-hook": "hook", "x-both": "hook" } },
          onSuccess: () => undefined,
        }),
      client,
    );
    await act(async () => {
      await result.current.mutateAsync({
        request: REQUEST,
        options: { fetchOptions: { headers: { "x-both": "call" } } },
      });
    });
    expect(server.requests[0]!.headers["x-both"]).toBe("call");
    expect(server.requests[0]!.headers["x-hook"]).toBe("hook");
  });

  it("aborts when the hook-level signal fires, though the call brings its own", async () => {
    const hookAbort = new AbortController();
    let release = () => {};
    reply = () =>
      new Promise((resolve) => {
        release = () => resolve({ body: REPLY });
      });
    const { result } = renderBlueskyHook(
      () => useRepoPutRecordMutation({ fetchOptions: { signal: hookAbort.signal } }),
      client,
    );
    act(() =>
      result.current.mutate({
        request: REQUEST,
        options: { fetchOptions: { signal: new AbortController().signal } },
      }),
    );
    await waitFor(() => expect(server.requests).toHaveLength(1));
    hookAbort.abort();
    await waitFor(() => expect(result.current.isError).toBe(true));
    release();
    expect(result.current.error?.name).toBe("RequestAbortedError");
  });
});

describe("mutation key and builder", () => {
  it("keys putRecord under the package name", () => {
    expect(mutationKeyRepoPutRecord()).toEqual(["bluesky", "repo", "putRecord"]);
  });

  it("builds options that work without React and turn TanStack retries off", async () => {
    const built = buildRepoPutRecordMutation(client, { fetchOptions: { headers: { "x-built": "1" } } });
    expect(built.mutationKey).toEqual(mutationKeyRepoPutRecord());
    expect(built.retry).toBe(false);
    expect(await built.mutationFn({ request: REQUEST })).toEqual(REPLY);
    expect(server.requests[0]!.headers["x-built"]).toBe("1");
  });

  it("rejects with the SDK error when the call fails", async () => {
    reply = async () => xrpcError(401, "AuthMissing", "authentication required");
    await expect(buildRepoPutRecordMutation(client).mutationFn({ request: REQUEST })).rejects.toMatchObject({
      error: "AuthMissing",
      statusCode: 401,
    });
  });
});

describe("mutationHooks on your own function", () => {
  const verified = mutationHooks(repoPutRecordVerified, "repo", "putRecord");

  it("binds the integrity-checked putRecord: a wrong cid fails the mutation", async () => {
    reply = async () => ({
      body: { ...REPLY, cid: "bafyreihldkhcwijkde7gx4rpkkuw7pl6lbyu5gieunyc7ihactn5bkd2nm" },
    });
    const { result } = renderBlueskyHook(() => verified.use(), client);
    act(() => result.current.mutate({ request: REQUEST }));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toBeInstanceOf(RecordCidMismatchError);
  });
});

describe("BlueskyProvider", () => {
  it("is required: a hook outside it throws a typed error", () => {
    expect(() => renderHook(() => useRepoPutRecordMutation())).toThrow(BlueskyProviderMissingError);
  });
});
