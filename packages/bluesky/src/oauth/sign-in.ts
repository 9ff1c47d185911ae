import type { ClientSDK } from "../lib/sdks.js";
import { ERR, OK, type Result } from "../types/fp.js";
import { OAuthSessionError } from "./errors.js";
import { attachOAuthSession, type OAuthSessionHandler, type OAuthSessionLike } from "./session.js";

/** What these helpers use of an OAuth client (`NodeOAuthClient` or `BrowserOAuthClient`). */
export interface OAuthClientLike {
  callback(params: URLSearchParams): Promise<{ session: OAuthSessionLike; state: string | null }>;
  restore(sub: string, refresh?: boolean | "auto"): Promise<OAuthSessionLike>;
}

/**
 * Finishes a sign-in: the parameters the authorization server sent back to the redirect URI are
 * exchanged for tokens (the library checks `state`, `iss` and that the account's DID belongs to that
 * server), and the session is attached to `client`. `state` is the app's own value, if it gave one.
 */
export async function completeOAuthSignIn(
  client: ClientSDK,
  oauth: OAuthClientLike,
  params: URLSearchParams,
): Promise<Result<{ session: OAuthSessionHandler; state: string | null }, OAuthSessionError>> {
  let result: Awaited<ReturnType<OAuthClientLike["callback"]>>;
  try {
    result = await oauth.callback(params);
  } catch (error) {
    return ERR(new OAuthSessionError("callback", error));
  }
  const attached = await attachOAuthSession(client, result.session);
  return attached.ok ? OK({ session: attached.value, state: result.state }) : attached;
}

/** Resumes the stored session of `did` (refreshing its tokens if they expired) and attaches it. */
export async function restoreOAuthSession(
  client: ClientSDK,
  oauth: OAuthClientLike,
  did: string,
): Promise<Result<OAuthSessionHandler, OAuthSessionError>> {
  let session: OAuthSessionLike;
  try {
    session = await oauth.restore(did);
  } catch (error) {
    return ERR(new OAuthSessionError("restore", error));
  }
  return attachOAuthSession(client, session);
}
