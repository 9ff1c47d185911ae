// Compile-time checks of the hooks' types; types.test.ts runs tsc over this file (tsconfig.types.json).
import type { InfiniteData, QueryKey } from "@tanstack/react-query";
import { expectTypeOf } from "vitest";
import type { RepoGetRecordError } from "../src/funcs/repoGetRecord.js";
import type { RepoListRecordsError, RepoListRecordsPage } from "../src/funcs/repoListRecords.js";
import type { RepoPutRecordError } from "../src/funcs/repoPutRecord.js";
import { type IntegrityError, repoPutRecordVerified } from "../src/integrity.js";
import type { ComAtprotoRepoGetRecordResponseBody } from "../src/models/operations/comatprotorepogetrecord.js";
import type { ComAtprotoRepoPutRecordResponseBody } from "../src/models/operations/comatprotorepoputrecord.js";
import {
  mutationHooks,
  queryKeyRepoGetRecord,
  type RepoPutRecordMutationVariables,
  type ServerRefreshSessionMutationVariables,
  useRepoGetRecord,
  useRepoListRecordsInfinite,
  useRepoPutRecordMutation,
} from "../src/react-query/index.js";

const get = { repo: "alice.test", collection: "com.example.thing", rkey: "k" };

const verified = mutationHooks(repoPutRecordVerified, "repo", "putRecord");

// A hook of its own, so the hooks below are called where React allows; tsc checks it, nothing runs it.
export function useHookTypes(): void {
  // A mutation's data and error are the operation's, not `unknown` and `Error`.
  const put = useRepoPutRecordMutation();
  expectTypeOf(put.data).toEqualTypeOf<ComAtprotoRepoPutRecordResponseBody | undefined>();
  expectTypeOf(put.error).toEqualTypeOf<RepoPutRecordError | null>();

  // So are a query's.
  const record = useRepoGetRecord(get);
  expectTypeOf(record.data).toEqualTypeOf<ComAtprotoRepoGetRecordResponseBody | undefined>();
  expectTypeOf(record.error).toEqualTypeOf<RepoGetRecordError | null>();
  expectTypeOf(queryKeyRepoGetRecord(get)).toEqualTypeOf<QueryKey>();

  // The infinite query's pages are listRecords pages, its page parameters cursors.
  const pages = useRepoListRecordsInfinite({ repo: "alice.test", collection: "com.example.thing" });
  expectTypeOf(pages.data).toEqualTypeOf<InfiniteData<RepoListRecordsPage, string | undefined> | undefined>();
  expectTypeOf(pages.error).toEqualTypeOf<RepoListRecordsError | null>();

  // `request` is required where the operation has one, optional where it takes none.
  expectTypeOf<{ options: { timeoutMs: 1 } }>().not.toExtend<RepoPutRecordMutationVariables>();
  expectTypeOf<{ options: { timeoutMs: 1 } }>().toExtend<ServerRefreshSessionMutationVariables>();

  // Hook options mix RequestOptions and TanStack's, but retries belong to the SDK alone.
  useRepoPutRecordMutation({ timeoutMs: 1000, retries: { strategy: "none" }, onError: (e) => e.name });
  // @ts-expect-error TanStack's retry would be a second retry layer
  useRepoPutRecordMutation({ retry: 3 });
  // @ts-expect-error query hooks take RequestOptions under `request`
  useRepoGetRecord(get, { timeoutMs: 1000 });
  useRepoGetRecord(get, { request: { timeoutMs: 1000 }, enabled: false });

  // A hook bound to the integrity-checked function adds the check's errors to the union.
  expectTypeOf(verified.use().error).toEqualTypeOf<RepoPutRecordError | IntegrityError | null>();
}
