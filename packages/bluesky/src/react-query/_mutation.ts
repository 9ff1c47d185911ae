import {
  type MutationKey,
  type UseMutationOptions,
  type UseMutationResult,
  useMutation,
} from "@tanstack/react-query";
import type { BlueskyCore } from "../core.js";
import type { RequestOptions } from "../lib/sdks.js";
import { unwrapAsync } from "../types/fp.js";
import { useBlueskyContext } from "./_context.js";
import {
  mergeRequestOptions,
  type OpData,
  type OpError,
  type OperationKey,
  type OpRequest,
  type StandaloneFunction,
} from "./_types.js";

/** What `mutate` takes: the operation's request (optional when it has none), and options for this one call. */
export type MutationVariables<F extends StandaloneFunction> = (undefined extends OpRequest<F>
  ? { request?: OpRequest<F> }
  : { request: OpRequest<F> }) & { options?: RequestOptions };

/** TanStack's mutation options (minus what the SDK supplies) plus hook-level RequestOptions. */
export type MutationHookOptions<F extends StandaloneFunction> = Omit<
  UseMutationOptions<OpData<F>, OpError<F>, MutationVariables<F>>,
  "mutationKey" | "mutationFn" | "retry" | "retryDelay"
> &
  RequestOptions;

/** The options `useMutation` needs, without React: for `queryClient.getMutationCache()` or tests. */
export type BuiltMutation<F extends StandaloneFunction> = {
  mutationKey: MutationKey;
  mutationFn: (variables: MutationVariables<F>) => Promise<OpData<F>>;
  retry: false;
};

/** The trio every procedure exports: hook, key and builder. */
export type MutationHooks<F extends StandaloneFunction> = {
  use(options?: MutationHookOptions<F>): UseMutationResult<OpData<F>, OpError<F>, MutationVariables<F>>;
  key(): MutationKey;
  build(client: BlueskyCore, hookOptions?: RequestOptions): BuiltMutation<F>;
};

// A Record, so a key added to RequestOptions fails to compile here instead of being silently kept from the SDK.
const REQUEST_OPTION_KEYS = Object.keys({
  fetchOptions: true,
  retries: true,
  retryCodes: true,
  timeoutMs: true,
  serverURL: true,
  atprotoProxy: true,
} satisfies Record<keyof RequestOptions, true>);

/** Splits hook options into the SDK's RequestOptions and the rest, which belong to TanStack. */
function splitHookOptions<T extends RequestOptions>(
  options: T | undefined,
): [RequestOptions, Omit<T, keyof RequestOptions>] {
  const rest: Record<string, unknown> = { ...options };
  const request: Record<string, unknown> = {};
  for (const key of REQUEST_OPTION_KEYS) {
    // Only keys the caller set, so an absent hook option never overrides a client default with undefined.
    if (rest[key] !== undefined) request[key] = rest[key];
    delete rest[key];
  }
  return [request as RequestOptions, rest as Omit<T, keyof RequestOptions>];
}

/** Binds one standalone function to React Query as a mutation keyed `["bluesky", ns, name]`. */
export function mutationHooks<F extends StandaloneFunction>(
  fn: F,
  ns: string,
  name: string,
): MutationHooks<F> {
  const key: OperationKey = ["bluesky", ns, name];
  const mutationKey = (): MutationKey => [...key];
  const build = (client: BlueskyCore, hookOptions?: RequestOptions): BuiltMutation<F> => ({
    mutationKey: mutationKey(),
    mutationFn: ({ request, options }) =>
      unwrapAsync(fn(client, request as never, mergeRequestOptions(hookOptions, options))) as Promise<
        OpData<F>
      >,
    // The SDK's own `retries` is the one retry layer; TanStack must not retry on top of it.
    retry: false,
  });
  // biome-ignore lint/correctness/noComponentHookFactories: bound once per operation at module load, never per render, so the hook is stable
  function useBoundMutation(options?: MutationHookOptions<F>) {
    const client = useBlueskyContext();
    const [requestOptions, tanstack] = splitHookOptions(options);
    return useMutation({ ...build(client, requestOptions), ...tanstack });
  }
  return { key: mutationKey, build, use: useBoundMutation };
}
