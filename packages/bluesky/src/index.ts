export { SDKHooks } from "./hooks/hooks.js";
export type * from "./hooks/types.js";
export * from "./lib/config.js";
export { type Fetcher, HTTPClient } from "./lib/http.js";
export type { Logger } from "./lib/logger.js";
export type { Operation, OperationError } from "./lib/operation.js";
export {
  type BackoffStrategy,
  DEFAULT_BACKOFF,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_RETRY_CODES,
  type RetryConfig,
} from "./lib/retries.js";
export type { AuthKind, RequestOptions, SessionHandler } from "./lib/sdks.js";
export {
  CredentialSession,
  type LoginOptions,
  login,
  logout,
  resumeSession,
  type SessionState,
  type SessionUpdate,
} from "./lib/session.js";
export { is$typed } from "./lib/typed.js";
export type * from "./models/components/index.js";
export * as errors from "./models/errors/index.js";
export type * as operations from "./models/operations/index.js";
export { Bluesky } from "./sdk/sdk.js";
export * from "./types/fp.js";
export { Page, type Paged } from "./types/pages.js";
