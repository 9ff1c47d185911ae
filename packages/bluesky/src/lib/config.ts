import type { SDKHooks } from "../hooks/hooks.js";
import { InvalidRequestError } from "../models/errors/httpclienterrors.js";
import type { Issue } from "../models/errors/sdkvalidationerror.js";
import { readEnv } from "./env.js";
import type { HTTPClient } from "./http.js";
import type { IdentityOptions } from "./identity/resolver.js";
import type { Logger } from "./logger.js";
import type { AtprotoProxy } from "./proxy.js";
import type { RetryConfig } from "./retries.js";

/** Named servers, as in the anchor SDK: Bluesky's AppView hosts. They answer reads, not repo writes. */
export const ServerList = {
  privileged: "https://api.bsky.app",
  public: "https://public.api.bsky.app",
} as const;
/** Name of the authenticated AppView server. */
export const ServerPrivileged = "privileged";
/** Name of the public, unauthenticated AppView server. */
export const ServerPublic = "public";

/**
 * Where calls go when neither `serverURL`, `server` nor `BLUESKY_SERVER_URL` says: the bsky.social entryway,
 * the PDS of most accounts. putRecord and the other repo writes must reach the account's PDS, which the
 * anchor's default (the AppView) is not.
 */
export const DEFAULT_SERVER_URL = "https://bsky.social";

/** Extra input checks run before every call: `lexiconValidator` from `bluesky/validation.js`. */
export type Validator = (id: string, request: unknown) => Issue[];

/** Options for `new Bluesky(...)` and `new BlueskyCore(...)`. */
export type SDKOptions = {
  /** Access token, or an async function asked for one on every call; falls back to `BLUESKY_BEARER`. */
  bearer?: string | (() => Promise<string>);
  httpClient?: HTTPClient;
  /** A named server; `serverURL` wins over it. */
  server?: keyof typeof ServerList;
  /** Base URL of the PDS (e.g. `http://localhost:2583`); falls back to `BLUESKY_SERVER_URL`. */
  serverURL?: string;
  /** Retry policy for every call that does not pass `retries`; default `{ strategy: "none" }`. */
  retryConfig?: RetryConfig;
  /** Per-attempt timeout for every call that does not pass `timeoutMs`; default none. */
  timeoutMs?: number;
  /** Logs each request and response; logs carry tokens, so never enable it in production. */
  debugLogger?: Logger;
  /** SDK-level hooks (beforeRequest, afterSuccess, afterError, ...). */
  hooks?: SDKHooks;
  /** Opt-in lexicon validation of every input: `lexiconValidator` from `bluesky/validation.js`. */
  validator?: Validator;
  /**
   * `atproto-proxy` for calls the PDS forwards: one service (`did:web:api.bsky.app#bsky_appview`) for
   * every method outside `com.atproto.*`, or services by NSID prefix (`{ "chat.bsky": "did:web:api.bsky.chat#bsky_chat" }`).
   */
  atprotoProxy?: AtprotoProxy;
  /** How handles and DIDs are resolved (PLC directory, DNS servers, timeouts); see `IdentityOptions`. */
  identity?: IdentityOptions;
};

/** The base URL calls go to, resolved: `serverURL`, then `server`, then `BLUESKY_SERVER_URL`, then the default. */
export function serverURLFromOptions(options: SDKOptions): string {
  if (options.server !== undefined && !(options.server in ServerList)) {
    throw new InvalidRequestError(`unknown server; server=${options.server}`);
  }
  return (
    options.serverURL ??
    (options.server && ServerList[options.server]) ??
    readEnv("BLUESKY_SERVER_URL") ??
    DEFAULT_SERVER_URL
  );
}

/**
 * Checks a base URL and normalises it to end in exactly one slash, so `xrpc/<nsid>` can be appended.
 * Checked here, once, so a malformed URL fails as InvalidRequestError rather than as a fetch failure.
 */
export function baseURLOf(url: string): string {
  if (!URL.canParse(url)) throw new InvalidRequestError(`invalid server URL; url=${url}`);
  return url.replace(/\/+$/, "") + "/";
}
