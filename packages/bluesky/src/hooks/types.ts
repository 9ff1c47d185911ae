import type { HTTPClient } from "../lib/http.js";
import type { RetryConfig } from "../lib/retries.js";
import type { RequestOptions } from "../lib/sdks.js";

type Awaitable<T> = T | Promise<T>;

/** What hooks know about the call in flight. */
export type HookContext = {
  /** The NSID, e.g. `com.atproto.repo.putRecord`. */
  operationID: string;
  baseURL: string;
  retryConfig: RetryConfig;
  options: RequestOptions;
};

/** Runs once when a client is built; may swap its base URL or HTTP client. */
export type SDKInitHook = (init: { baseURL: string; client: HTTPClient }) => {
  baseURL: string;
  client: HTTPClient;
};
/** Runs once per call before the Request exists; may change the URL or the RequestInit. */
export type BeforeCreateRequestHook = (
  ctx: HookContext,
  input: { url: URL; options: RequestInit },
) => { url: URL; options: RequestInit };
/** Runs before every attempt, retries included; may return a replacement Request. */
export type BeforeRequestHook = (ctx: HookContext, request: Request) => Awaitable<Request>;
/** Runs after every attempt that got a status below 400; may replace the Response. */
export type AfterSuccessHook = (ctx: HookContext, response: Response) => Awaitable<Response>;
/**
 * Runs after every attempt that got an error status (response set, error null) or no response at all
 * (response null, error set). Returning a non-null `error` fails the attempt with it.
 */
export type AfterErrorHook = (
  ctx: HookContext,
  response: Response | null,
  error: unknown,
) => Awaitable<{ response: Response | null; error: unknown }>;
