import { repoDescribeRepo } from "../funcs/repoDescribeRepo.js";
import { queryHooks } from "./_query.js";
import type { OpData } from "./_types.js";

const hooks = /* @__PURE__ */ queryHooks(repoDescribeRepo, "repo", "describeRepo");

/** Describes a repository: handle, DID document, collections: `useRepoDescribeRepo(request)` runs `repoDescribeRepo` and caches it under its request. */
export const useRepoDescribeRepo = hooks.use;
/** The same query for components under `<Suspense>`. */
export const useRepoDescribeRepoSuspense = hooks.useSuspense;
/** Fills the cache before a component asks, e.g. on the server or on hover. */
export const prefetchRepoDescribeRepo = hooks.prefetch;
/** Marks cached describeRepo results stale: all of them, or those matching a partial request. */
export const invalidateRepoDescribeRepo = hooks.invalidate;
/** The query key, `["bluesky", "repo", "describeRepo", request]`. */
export const queryKeyRepoDescribeRepo = hooks.queryKey;
/** The `useQuery` options for describeRepo, built without React. */
export const buildRepoDescribeRepoQuery = hooks.build;

export type RepoDescribeRepoQueryData = OpData<typeof repoDescribeRepo>;
