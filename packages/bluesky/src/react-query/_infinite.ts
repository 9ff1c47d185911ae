import {
  type InfiniteData,
  type QueryFunctionContext,
  type QueryKey,
  type UseInfiniteQueryOptions,
  type UseInfiniteQueryResult,
  type UseSuspenseInfiniteQueryOptions,
  type UseSuspenseInfiniteQueryResult,
  useInfiniteQuery,
  useSuspenseInfiniteQuery,
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

/** An operation paged the XRPC way: `cursor` in the request, the next `cursor` in the response. */
export type CursorOperation = StandaloneFunction &
  ((...args: never[]) => Promise<{ ok: true; value: { cursor?: string } } | { ok: false; error: unknown }>);

/** A page is one response; its page parameter is the cursor that fetched it. */
export type Pages<F extends StandaloneFunction> = InfiniteData<OpData<F>, string | undefined>;

/** Options the SDK owns: key, function, retries and paging. */
type Owned =
  | "queryKey"
  | "queryFn"
  | "retry"
  | "retryDelay"
  | "select"
  | "initialPageParam"
  | "getNextPageParam";

/** TanStack's infinite-query options (paging is the SDK's) plus `request`: RequestOptions for every page. */
export type InfiniteQueryHookOptions<F extends StandaloneFunction> = Omit<
  UseInfiniteQueryOptions<OpData<F>, OpError<F>, Pages<F>, QueryKey, string | undefined>,
  Owned
> & { request?: RequestOptions };

/** The Suspense variant of InfiniteQueryHookOptions. */
export type SuspenseInfiniteQueryHookOptions<F extends StandaloneFunction> = Omit<
  UseSuspenseInfiniteQueryOptions<OpData<F>, OpError<F>, Pages<F>, QueryKey, string | undefined>,
  Owned
> & { request?: RequestOptions };

/** The options `useInfiniteQuery` needs, without React. */
export type BuiltInfiniteQuery<F extends StandaloneFunction> = {
  queryKey: QueryKey;
  queryFn: (context: QueryFunctionContext<QueryKey, string | undefined>) => Promise<OpData<F>>;
  initialPageParam: string | undefined;
  getNextPageParam: (lastPage: OpData<F>) => string | undefined;
  retry: false;
};

/** The infinite-query hooks and their builder. */
export type InfiniteQueryHooks<F extends StandaloneFunction> = {
  use(
    request: OpRequest<F>,
    options?: InfiniteQueryHookOptions<F>,
  ): UseInfiniteQueryResult<Pages<F>, OpError<F>>;
  useSuspense(
    request: OpRequest<F>,
    options?: SuspenseInfiniteQueryHookOptions<F>,
  ): UseSuspenseInfiniteQueryResult<Pages<F>, OpError<F>>;
  build(client: BlueskyCore, request: OpRequest<F>, options?: RequestOptions): BuiltInfiniteQuery<F>;
};

/**
 * Binds a cursor-paged standalone function to `useInfiniteQuery`. Its key ends in "infinite": a list of
 * pages must never share a cache entry with the single page `use<Op>` stores under the same request.
 */
export function infiniteQueryHooks<F extends CursorOperation>(
  fn: F,
  ns: string,
  name: string,
): InfiniteQueryHooks<F> {
  const build = (
    client: BlueskyCore,
    request: OpRequest<F>,
    options?: RequestOptions,
  ): BuiltInfiniteQuery<F> => ({
    queryKey: ["bluesky", ns, name, request, "infinite"],
    queryFn: (ctx) =>
      unwrapAsync(
        fn(
          client,
          { ...(request as object), cursor: ctx.pageParam } as never,
          mergeRequestOptions(options, undefined, ctx.signal),
        ),
      ) as Promise<OpData<F>>,
    initialPageParam: (request as { cursor?: string }).cursor,
    // The server leaves `cursor` out on the last page; an empty one would loop forever on some servers.
    getNextPageParam: (lastPage) => (lastPage as { cursor?: string }).cursor || undefined,
    retry: false,
  });
  // biome-ignore lint/correctness/noComponentHookFactories: bound once per operation at module load, never per render, so the hook is stable
  function useBoundInfiniteQuery(request: OpRequest<F>, options?: InfiniteQueryHookOptions<F>) {
    const client = useBlueskyContext();
    const { request: requestOptions, ...tanstack } = options ?? {};
    return useInfiniteQuery<OpData<F>, OpError<F>, Pages<F>, QueryKey, string | undefined>({
      ...build(client, request, requestOptions),
      ...tanstack,
    });
  }
  // biome-ignore lint/correctness/noComponentHookFactories: bound once per operation at module load, never per render, so the hook is stable
  function useBoundSuspenseInfiniteQuery(
    request: OpRequest<F>,
    options?: SuspenseInfiniteQueryHookOptions<F>,
  ) {
    const client = useBlueskyContext();
    const { request: requestOptions, ...tanstack } = options ?? {};
    return useSuspenseInfiniteQuery<OpData<F>, OpError<F>, Pages<F>, QueryKey, string | undefined>({
      ...build(client, request, requestOptions),
      ...tanstack,
    });
  }
  return { build, use: useBoundInfiniteQuery, useSuspense: useBoundSuspenseInfiniteQuery };
}
