import type { BlueskyCore } from "../core.js";
import type { RequestOptions } from "../lib/sdks.js";
import type { Result } from "../types/fp.js";

/** The shape every standalone function has; the hook factories accept any of them. */
export type StandaloneFunction = (
  client: BlueskyCore,
  request: never,
  options?: RequestOptions,
) => Promise<Result<unknown, unknown>>;

type Settled<F extends StandaloneFunction> = Awaited<ReturnType<F>>;

/** The request an operation takes. */
export type OpRequest<F extends StandaloneFunction> = Parameters<F>[1];
/** What an operation resolves to on success. */
export type OpData<F extends StandaloneFunction> = Extract<Settled<F>, { ok: true }>["value"];
/** The operation's error union: the hook's error type, never a bare `Error`. */
export type OpError<F extends StandaloneFunction> = Extract<Settled<F>, { ok: false }>["error"];

/** Every key starts with the package name, so `["bluesky"]` addresses all of this SDK's cache entries. */
export type OperationKey = readonly ["bluesky", string, string];

/** Headers of both levels, the call's replacing the hook's of the same name. */
function mergeHeaders(hook: HeadersInit | undefined, call: HeadersInit | undefined): HeadersInit | undefined {
  if (!hook || !call) return hook ?? call;
  const merged = new Headers(hook);
  for (const [name, value] of new Headers(call)) merged.set(name, value);
  return merged;
}

/**
 * Hook-level and call-level options as one: the call wins key by key, `fetchOptions` and their headers
 * merge, and every abort signal given (hook, call, TanStack's own) aborts the request.
 */
export function mergeRequestOptions(
  hook: RequestOptions | undefined,
  call: RequestOptions | undefined,
  signal?: AbortSignal,
): RequestOptions {
  const signals = [hook?.fetchOptions?.signal, call?.fetchOptions?.signal, signal].filter(
    (s): s is AbortSignal => s != null,
  );
  const fetchOptions = { ...hook?.fetchOptions, ...call?.fetchOptions };
  const headers = mergeHeaders(hook?.fetchOptions?.headers, call?.fetchOptions?.headers);
  if (headers) fetchOptions.headers = headers;
  if (signals.length > 0) fetchOptions.signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  const merged: RequestOptions = { ...hook, ...call };
  if (Object.keys(fetchOptions).length > 0) merged.fetchOptions = fetchOptions;
  return merged;
}
