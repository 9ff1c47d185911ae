import { repoGetRecord } from "../funcs/repoGetRecord.js";
import { queryHooks } from "./_query.js";
import type { OpData } from "./_types.js";

const hooks = /* @__PURE__ */ queryHooks(repoGetRecord, "repo", "getRecord");

/** Reads one record: `useRepoGetRecord(request)` runs `repoGetRecord` and caches it under its request. */
export const useRepoGetRecord = hooks.use;
/** The same query for components under `<Suspense>`. */
export const useRepoGetRecordSuspense = hooks.useSuspense;
/** Fills the cache before a component asks, e.g. on the server or on hover. */
export const prefetchRepoGetRecord = hooks.prefetch;
/** Marks cached getRecord results stale: all of them, or those matching a partial request. */
export const invalidateRepoGetRecord = hooks.invalidate;
/** The query key, `["bluesky", "repo", "getRecord", request]`. */
export const queryKeyRepoGetRecord = hooks.queryKey;
/** The `useQuery` options for getRecord, built without React. */
export const buildRepoGetRecordQuery = hooks.build;

export type RepoGetRecordQueryData = OpData<typeof repoGetRecord>;
