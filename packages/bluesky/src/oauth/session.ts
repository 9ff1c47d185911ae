import type { AuthHeaders, AuthTarget, SessionHandler } from "../lib/auth.js";
import { baseURLOf } from "../lib/config.js";
import type { ClientSDK } from "../lib/sdks.js";
import { ERR, OK, type Result } from "../types/fp.js";
import { OAuthSessionError } from "./errors.js";

/**
 * What the adapter uses of a session from `@atproto/oauth-client` (both `NodeOAuthClient` and
 * `BrowserOAuthClient` hand out one): typed here by shape, so this module needs neither library.
 */
export interface OAuthSessionLike {
  readonly did: string;
  /** A DPoP-signed request to the account's PDS (the library's own fetch: proof, nonce retry, refresh). */
  fetchHandler(pathname: string, init?: RequestInit): Promise<Response>;
  getTokenInfo(refresh?: boolean | "auto"): Promise<{ aud: string; sub: string; scope: string; iss: string }>;
  signOut(): Promise<void>;
}

/**
 * An OAuth session as the SDK's transport sees any session (`SessionHandler`): it authorizes calls to
 * the account's PDS, and sends them through the OAuth library's fetch, which signs a DPoP proof for
 * each request, follows the server's nonces and refreshes the token when it expires. Calls in flight
 * together share one refresh (the library runs one per account at a time, a refresh token being good
 * once). No DPoP is made here.
 */
export class OAuthSessionHandler implements SessionHandler {
  readonly #origin: string;

  constructor(
    private readonly client: ClientSDK,
    readonly session: OAuthSessionLike,
    /** The account's PDS (the tokens' audience), where calls go. */
    readonly serviceURL: string,
    /** The scopes the user granted (space-separated). */
    readonly scope: string,
  ) {
    this.#origin = new URL(serviceURL).origin;
  }

  /** The account's DID. */
  get did(): string {
    return this.session.did;
  }

  /**
   * For a call to the account's PDS: no header to add (the library sets `Authorization: DPoP …` and
   * the proof as it sends, in `fetch`). Nothing for any other server, or for refresh-token methods.
   */
  authorize(target: AuthTarget): AuthHeaders | undefined {
    return target.kind === "access" && new URL(target.url).origin === this.#origin ? {} : undefined;
  }

  /** Sends through the library; a Request (made by a hook) is read into bytes so a nonce retry can resend it. */
  async fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    if (!(input instanceof Request)) return this.session.fetchHandler(String(input), init);
    const body = input.body ? await input.arrayBuffer() : undefined;
    return this.session.fetchHandler(input.url, {
      method: input.method,
      headers: input.headers,
      body,
      signal: input.signal,
    });
  }

  /** Nothing to do: the library's fetch already refreshed once and resent when the token was refused. */
  refreshAfter(): Promise<boolean> {
    return Promise.resolve(false);
  }

  /** Detaches the session from the client, then revokes its tokens on the authorization server. */
  async logout(): Promise<Result<undefined, OAuthSessionError>> {
    if (this.client._session === this) this.client._session = undefined;
    try {
      await this.session.signOut();
      return OK(undefined);
    } catch (error) {
      return ERR(new OAuthSessionError("logout", error));
    }
  }
}

/** Attaches an OAuth session to a client: its calls then go to the account's PDS, signed with DPoP. */
export async function attachOAuthSession(
  client: ClientSDK,
  session: OAuthSessionLike,
): Promise<Result<OAuthSessionHandler, OAuthSessionError>> {
  try {
    const info = await session.getTokenInfo(false);
    const handler = new OAuthSessionHandler(client, session, baseURLOf(info.aud), info.scope);
    client._session = handler;
    return OK(handler);
  } catch (error) {
    return ERR(new OAuthSessionError("attach", error));
  }
}
