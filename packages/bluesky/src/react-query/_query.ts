import {
  type InvalidateQueryFilters,
  type QueryClient,
  type QueryFunctionContext,
  type QueryKey,
  type UseQueryOptions,
  type UseQueryResult,
  type UseSuspenseQueryOptions,
  type UseSuspenseQueryResult,
  useQuery,
  useSuspenseQuery,
} from "@tanstack/react-query";
import type { BlueskyCore } from "../core.js";
import type { RequestOptions } from "../lib/sdks.js";
import { unwrapAsync } from "../types/fp.js";
import { useBlueskyContext } from "./_context.js";
import {
  mergeRequestOptions,
  type OpData,
  type OpError,
  type OpRequest,
  type StandaloneFunction,
} from "./_types.js";

/** Options the SDK owns (key, function, retries) are not the caller's to set. */
type Owned = "queryKey" | "queryFn" | "retry" | "retryDelay" | "select";

/** TanStack's query options plus `request`: RequestOptions for every fetch this hook makes. */
export type QueryHookOptions<F extends StandaloneFunction> = Omit<
  UseQueryOptions<OpData<F>, OpError<F>>,
  Owned
> & {
  request?: RequestOptions;
};

/** The Suspense variant of QueryHookOptions. */
export type SuspenseQueryHookOptions<F extends StandaloneFunction> = Omit<
  UseSuspenseQueryOptions<OpData<F>, OpError<F>>,
  Owned
> & { request?: RequestOptions };

/** The options `useQuery` needs, without React: for `queryClient.fetchQuery` or server rendering. */
export type BuiltQuery<F extends StandaloneFunction> = {
  queryKey: QueryKey;
  queryFn: (context: QueryFunctionContext) => Promise<OpData<F>>;
  retry: false;
};

/** What every query operation exports: two hooks, prefetch, invalidate, key and builder. */
export type QueryHooks<F extends StandaloneFunction> = {
  use(request: OpRequest<F>, options?: QueryHookOptions<F>): UseQueryResult<OpData<F>, OpError<F>>;
  useSuspense(
    request: OpRequest<F>,
    options?: SuspenseQueryHookOptions<F>,
  ): UseSuspenseQueryResult<OpData<F>, OpError<F>>;
  prefetch(
    queryClient: QueryClient,
    client: BlueskyCore,
    request: OpRequest<F>,
    options?: RequestOptions,
  ): Promise<void>;
  setData(queryClient: QueryClient, request: OpRequest<F>, data: OpData<F>): OpData<F> | undefined;
  invalidate(
    queryClient: QueryClient,
    request?: Partial<OpRequest<F>>,
    filters?: Omit<InvalidateQueryFilters, "queryKey">,
  ): Promise<void>;
  invalidateAll(queryClient: QueryClient, filters?: Omit<InvalidateQueryFilters, "queryKey">): Promise<void>;
  queryKey(request?: Partial<OpRequest<F>>): QueryKey;
  build(client: BlueskyCore, request: OpRequest<F>, options?: RequestOptions): BuiltQuery<F>;
};

/** Binds one standalone function to React Query as a query keyed `["bluesky", ns, name, request]`. */
export function queryHooks<F extends StandaloneFunction>(fn: F, ns: string, name: string): QueryHooks<F> {
  // Without a request the key is the operation's prefix, which TanStack matches against every request.
  const queryKey = (request?: Partial<OpRequest<F>>): QueryKey =>
    request === undefined ? ["bluesky", ns, name] : ["bluesky", ns, name, request];
  const build = (client: BlueskyCore, request: OpRequest<F>, options?: RequestOptions): BuiltQuery<F> => ({
    queryKey: queryKey(request),
    queryFn: (ctx) =>
      unwrapAsync(
        fn(client, request as never, mergeRequestOptions(options, undefined, ctx.signal)),
      ) as Promise<OpData<F>>,
    // The SDK's own `retries` is the one retry layer; TanStack must not retry on top of it.
    retry: false,
  });
  // biome-ignore lint/correctness/noComponentHookFactories: bound once per operation at module load, never per render, so the hook is stable
  function useBoundQuery(request: OpRequest<F>, options?: QueryHookOptions<F>) {
    const client = useBlueskyContext();
    const { request: requestOptions, ...tanstack } = options ?? {};
    return useQuery({ ...build(client, request, requestOptions), ...tanstack });
  }
  // biome-ignore lint/correctness/noComponentHookFactories: bound once per operation at module load, never per render, so the hook is stable
  function useBoundSuspenseQuery(request: OpRequest<F>, options?: SuspenseQueryHookOptions<F>) {
    const client = useBlueskyContext();
    const { request: requestOptions, ...tanstack } = options ?? {};
    return useSuspenseQuery({ ...build(client, request, requestOptions), ...tanstack });
  }
  return {
    queryKey,
    build,
    use: useBoundQuery,
    useSuspense: useBoundSuspenseQuery,
    prefetch: (queryClient, client, request, options) =>
      queryClient.prefetchQuery(build(client, request, options)),
    setData: (queryClient, request, data) => queryClient.setQueryData(queryKey(request), data),
    invalidate: (queryClient, request, filters) =>
      queryClient.invalidateQueries({ ...filters, queryKey: queryKey(request) }),
    invalidateAll: (queryClient, filters) =>
      queryClient.invalidateQueries({ ...filters, queryKey: queryKey() }),
  };
}
