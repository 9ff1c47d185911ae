import type { HookContext } from "../hooks/types.js";
import {
  HTTPClientError,
  InvalidRequestError,
  UnexpectedClientError,
} from "../models/errors/httpclienterrors.js";
import { sleep, toClientError } from "./client-errors.js";
import type { Fetcher } from "./http.js";
import { type Attempt, DEFAULT_RETRY_CODES, retry } from "./retries.js";
import type { ClientSDK, RequestOptions } from "./sdks.js";

/** Turns whatever an afterError hook returned as `error` into a client error the Result can carry. */
function fromHook(error: unknown): HTTPClientError {
  return error instanceof HTTPClientError
    ? error
    : new UnexpectedClientError("afterError hook failed the request", { cause: error });
}

/**
 * Sends one call: each attempt sends `init` again (strings and bytes make a fresh body each time), runs
 * the hooks and the HTTP client (through `via`, the session's own fetch, when it signs its requests),
 * and classifies failures; `retry` decides whether to go again. Resolves, never rejects.
 */
export function send(
  client: ClientSDK,
  url: string,
  init: RequestInit,
  ctx: HookContext,
  options: RequestOptions,
  via?: Fetcher,
): Promise<Attempt> {
  // A stream body left here was too long to buffer (see call.ts): it can be sent only once.
  const config = init.body instanceof ReadableStream ? { strategy: "none" as const } : ctx.retryConfig;
  const hooks = client.hooks;
  const timeoutMs = options.timeoutMs ?? client._options.timeoutMs;
  const userSignal = init.signal;
  const log = client._logger;

  const attempt = async (): Promise<Attempt> => {
    const timeout = timeoutMs && timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
    const signal = timeout && userSignal ? AbortSignal.any([timeout, userSignal]) : (timeout ?? userSignal);
    const attemptInit = signal ? { ...init, signal } : init;
    // A Request is built only for hooks that want one; fetch(url, init) is the fast path.
    let input: Request | string = url;
    try {
      if (hooks.beforeRequestHooks.length)
        input = await hooks.beforeRequest(ctx, new Request(url, attemptInit));
    } catch (error) {
      return error instanceof TypeError
        ? new InvalidRequestError("Invalid request", { cause: error })
        : new UnexpectedClientError("beforeRequest hook failed", { cause: error });
    }
    log?.log("Request:", init.method, typeof input === "string" ? input : input.url);
    let response: Response | null = null;
    let error: HTTPClientError | null = null;
    try {
      response = await client._httpClient.request(
        input,
        typeof input === "string" ? attemptInit : undefined,
        via,
      );
    } catch (e) {
      error = toClientError(e, timeout, userSignal);
    }
    log?.log("Response:", response?.status ?? error?.name);
    if (!hooks.afterSuccessHooks.length && !hooks.afterErrorHooks.length) return response ?? error!;
    try {
      if (response && response.status < 400) return await hooks.afterSuccess(ctx, response);
      const out = await hooks.afterError(ctx, response, error);
      if (out.error) return fromHook(out.error);
      return out.response ?? new UnexpectedClientError("afterError hook dropped the response");
    } catch (e) {
      return new UnexpectedClientError("response hook failed", { cause: e });
    }
  };

  return retry(
    attempt,
    config,
    {
      codes: options.retryCodes ?? DEFAULT_RETRY_CODES,
      connectionErrors: config.strategy === "backoff" && config.retryConnectionErrors === true,
    },
    (ms) => sleep(ms, userSignal),
  );
}
