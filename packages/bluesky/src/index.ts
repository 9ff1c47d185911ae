export { SDKHooks } from "./hooks/hooks.js";
export * from "./lib/config.js";
export { type Fetcher, HTTPClient } from "./lib/http.js";
export type { Logger } from "./lib/logger.js";
export type { BackoffStrategy, RetryConfig } from "./lib/retries.js";
export type { RequestOptions } from "./lib/sdks.js";
export * as errors from "./models/errors/index.js";
export * from "./types/fp.js";
