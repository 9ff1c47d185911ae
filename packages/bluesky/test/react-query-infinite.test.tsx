// @vitest-environment happy-dom
import { act, waitFor } from "@testing-library/react";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BlueskyCore } from "../src/core.js";
import {
  buildRepoListRecordsInfiniteQuery,
  queryKeyRepoListRecords,
  useRepoListRecords,
  useRepoListRecordsInfinite,
  useRepoListRecordsInfiniteSuspense,
} from "../src/react-query/repoListRecords.js";
import { renderBlueskyHook } from "./_react.js";
import { type Fixture, startFixture } from "./_xrpc-fixture.js";

const DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
const CID = "bafyreiclp443lavogvhj3d2ob2cxbfuscni2k5jk7bebjzg7khl3esabwq";
const RKEYS = ["a", "b", "c", "d", "e"];
const REQUEST = { repo: DID, collection: "app.example.thing", limit: 2 };

let server: Fixture;
let client: BlueskyCore;

beforeAll(async () => {
  // Pages of `limit` records; the cursor is the last rkey sent, and the last page has none.
  server = await startFixture({
    "com.atproto.repo.listRecords": (req) => {
      const after = req.params.get("cursor");
      const start = after ? RKEYS.indexOf(after) + 1 : 0;
      const page = RKEYS.slice(start, start + Number(req.params.get("limit")));
      const records = page.map((rkey) => ({
        uri: `at://${DID}/app.example.thing/${rkey}`,
        cid: CID,
        value: { rkey },
      }));
      const more = start + page.length < RKEYS.length;
      return { body: more ? { records, cursor: page.at(-1) } : { records } };
    },
  });
  client = new BlueskyCore({ serverURL: server.url });
});
afterAll(() => server.close());

it("pages listRecords by cursor until the server stops sending one", async () => {
  // "all": the test reads `data` only after pages arrive, too late for TanStack's tracked-props renders.
  const { result } = renderBlueskyHook(
    () => useRepoListRecordsInfinite(REQUEST, { notifyOnChangeProps: "all" }),
    client,
  );
  await waitFor(() => expect(result.current.isSuccess).toBe(true));
  for (let n = 2; n <= 3; n++) {
    expect(result.current.hasNextPage).toBe(true);
    await act(() => result.current.fetchNextPage());
    await waitFor(() => expect(result.current.data?.pages).toHaveLength(n));
  }
  expect(result.current.hasNextPage).toBe(false);
  const rkeys = result.current.data!.pages.flatMap((p) => p.records.map((r) => r.value.rkey));
  expect(rkeys).toEqual(RKEYS);
  expect(result.current.data!.pageParams).toEqual([undefined, "b", "d"]);
  expect(server.requests.map((r) => r.params.get("cursor"))).toEqual([null, "b", "d"]);
});

it("keeps the pages apart from the single-page query of the same request", async () => {
  const { result, queryClient } = renderBlueskyHook(
    () => ({ list: useRepoListRecords(REQUEST), pages: useRepoListRecordsInfinite(REQUEST) }),
    client,
  );
  await waitFor(() => expect(result.current.list.isSuccess && result.current.pages.isSuccess).toBe(true));
  expect(result.current.list.data?.records).toHaveLength(2);
  expect(result.current.pages.data?.pages).toHaveLength(1);
  expect(buildRepoListRecordsInfiniteQuery(client, REQUEST).queryKey).not.toEqual(
    queryKeyRepoListRecords(REQUEST),
  );
  expect(queryClient.getQueryCache().getAll()).toHaveLength(2);
});

it("suspends with useRepoListRecordsInfiniteSuspense until the first page is there", async () => {
  const { result } = renderBlueskyHook(() => useRepoListRecordsInfiniteSuspense(REQUEST), client);
  expect(result.current).toBeNull();
  await waitFor(() => expect(result.current?.data.pages[0]?.records).toHaveLength(2));
});
