import type { BlueskyCore } from "../core.js";
import { serverCreateAccount } from "../funcs/serverCreateAccount.js";
import { serverCreateSession } from "../funcs/serverCreateSession.js";
import { serverGetSession } from "../funcs/serverGetSession.js";
import { serverRefreshSession } from "../funcs/serverRefreshSession.js";
import type { RequestOptions } from "../lib/sdks.js";
import type * as ops from "../models/operations/index.js";
import { unwrapAsync } from "../types/fp.js";

/** `bluesky.server`: the com.atproto.server methods; each throws the typed error its standalone function returns. */
export class Server {
  constructor(private readonly client: BlueskyCore) {}

  /** Logs in and returns the tokens; to make later calls with them, use `bluesky.login` instead. */
  createSession(
    request: ops.ComAtprotoServerCreateSessionRequestBody,
    options?: RequestOptions,
  ): Promise<ops.ComAtprotoServerCreateSessionResponseBody> {
    return unwrapAsync(serverCreateSession(this.client, request, options));
  }

  /** Trades the refresh token (the session's, or `bearer`) for new tokens. */
  refreshSession(
    request?: ops.ComAtprotoServerRefreshSessionRequest,
    options?: RequestOptions,
  ): Promise<ops.ComAtprotoServerRefreshSessionResponseBody> {
    return unwrapAsync(serverRefreshSession(this.client, request, options));
  }

  /** Returns the account the current token belongs to. */
  getSession(
    request?: ops.ComAtprotoServerGetSessionRequest,
    options?: RequestOptions,
  ): Promise<ops.ComAtprotoServerGetSessionResponseBody> {
    return unwrapAsync(serverGetSession(this.client, request, options));
  }

  /** Creates an account on the PDS. */
  createAccount(
    request: ops.ComAtprotoServerCreateAccountRequestBody,
    options?: RequestOptions,
  ): Promise<ops.ComAtprotoServerCreateAccountResponseBody> {
    return unwrapAsync(serverCreateAccount(this.client, request, options));
  }
}
