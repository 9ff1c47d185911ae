import { SDKHooks } from "../hooks/hooks.js";
import type { SessionHandler } from "./auth.js";
import { baseURLOf, type SDKOptions, serverURLFromOptions } from "./config.js";
import { readEnv } from "./env.js";
import { HTTPClient } from "./http.js";
import type { Logger } from "./logger.js";
import type { RetryConfig } from "./retries.js";

/** Per-call options; each wins over the client's setting of the same name. */
export type RequestOptions = {
  /** Passed to fetch; its `headers` win over the SDK's (including Authorization). `signal` aborts the call. */
  fetchOptions?: Omit<RequestInit, "method" | "body">;
  /**
   * Retry policy for this call: `{ strategy: "none" }` (the default), or `{ strategy: "backoff", backoff?,
   * retryConnectionErrors?, maxAttempts? }`. The wait before retry n is `initialInterval × exponent^n`
   * (capped at `maxInterval`, plus up to 25% jitter), lengthened, never shortened, by a valid
   * `Retry-After` (whole seconds or an HTTP-date; anything else is ignored). It stops after
   * `maxAttempts` attempts (default 5, the first included) or when the next wait would pass
   * `maxElapsedTime` (default 30 s), returning the last response's error.
   */
  retries?: RetryConfig;
  /** Status codes to retry, exact (`"503"`) or by range (`"5XX"`); default 429, 500, 502, 503, 504. */
  retryCodes?: string[];
  /** Per-attempt timeout in milliseconds; on expiry the call fails with `RequestTimeoutError`. */
  timeoutMs?: number;
  /** Base URL for this call only. The session's tokens go only to the servers that issued them. */
  serverURL?: string;
  /**
   * `atproto-proxy` for this call: a service DID and service id (`did:web:api.bsky.app#bsky_appview`)
   * the PDS forwards the call to; `null` sends none, overriding the client's `atprotoProxy`.
   */
  atprotoProxy?: string | null;
};

export type { AuthKind, SessionHandler } from "./auth.js";

/** The client state every operation runs on: options, base URL, HTTP client, hooks and an optional session. */
export class ClientSDK {
  readonly _options: SDKOptions & { hooks: SDKHooks };
  readonly _baseURL: string;
  readonly _httpClient: HTTPClient;
  readonly _logger: Logger | undefined;
  readonly _bearer: SDKOptions["bearer"];
  /** SDK-level hooks; register with `client.hooks.registerBeforeRequestHook(...)` and friends. */
  readonly hooks: SDKHooks;
  _session: SessionHandler | undefined;

  constructor(options: SDKOptions = {}) {
    this.hooks = options.hooks ?? new SDKHooks();
    this._options = { ...options, hooks: this.hooks };
    const init = this.hooks.sdkInit({
      baseURL: serverURLFromOptions(options),
      client: options.httpClient ?? new HTTPClient(),
    });
    this._baseURL = baseURLOf(init.baseURL);
    this._httpClient = init.client;
    this._logger = options.debugLogger ?? (readEnv("BLUESKY_DEBUG") ? console : undefined);
    // Read once: the environment does not change under a running client, and calls stay cheap.
    this._bearer = options.bearer ?? readEnv("BLUESKY_BEARER");
  }
}
