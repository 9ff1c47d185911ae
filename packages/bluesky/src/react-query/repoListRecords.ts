import { repoListRecords } from "../funcs/repoListRecords.js";
import { infiniteQueryHooks } from "./_infinite.js";
import { queryHooks } from "./_query.js";
import type { OpData } from "./_types.js";

const hooks = /* @__PURE__ */ queryHooks(repoListRecords, "repo", "listRecords");

/** Lists records of one collection: `useRepoListRecords(request)` runs `repoListRecords` and caches it under its request. */
export const useRepoListRecords = hooks.use;
/** The same query for components under `<Suspense>`. */
export const useRepoListRecordsSuspense = hooks.useSuspense;
/** Fills the cache before a component asks, e.g. on the server or on hover. */
export const prefetchRepoListRecords = hooks.prefetch;
/** Marks cached listRecords results stale: all of them, or those matching a partial request. */
export const invalidateRepoListRecords = hooks.invalidate;
/** The query key, `["bluesky", "repo", "listRecords", request]`. */
export const queryKeyRepoListRecords = hooks.queryKey;
/** The `useQuery` options for listRecords, built without React. */
export const buildRepoListRecordsQuery = hooks.build;

const pages = /* @__PURE__ */ infiniteQueryHooks(repoListRecords, "repo", "listRecords");

/** Every page of listRecords, one `fetchNextPage()` per cursor. */
export const useRepoListRecordsInfinite = pages.use;
/** The same pages for components under `<Suspense>`. */
export const useRepoListRecordsInfiniteSuspense = pages.useSuspense;
/** The `useInfiniteQuery` options for listRecords, built without React. */
export const buildRepoListRecordsInfiniteQuery = pages.build;

export type RepoListRecordsQueryData = OpData<typeof repoListRecords>;
