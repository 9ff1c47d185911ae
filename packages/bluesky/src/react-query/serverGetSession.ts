import { serverGetSession } from "../funcs/serverGetSession.js";
import { queryHooks } from "./_query.js";
import type { OpData } from "./_types.js";

const hooks = /* @__PURE__ */ queryHooks(serverGetSession, "server", "getSession");

/** Reads the current session: `useServerGetSession(request)` runs `serverGetSession` and caches it under its request. */
export const useServerGetSession = hooks.use;
/** The same query for components under `<Suspense>`. */
export const useServerGetSessionSuspense = hooks.useSuspense;
/** Fills the cache before a component asks, e.g. on the server or on hover. */
export const prefetchServerGetSession = hooks.prefetch;
/** Marks cached getSession results stale: all of them, or those matching a partial request. */
export const invalidateServerGetSession = hooks.invalidate;
/** The query key, `["bluesky", "server", "getSession", request]`. */
export const queryKeyServerGetSession = hooks.queryKey;
/** The `useQuery` options for getSession, built without React. */
export const buildServerGetSessionQuery = hooks.build;

export type ServerGetSessionQueryData = OpData<typeof serverGetSession>;
