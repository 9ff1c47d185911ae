// OAuth sign-in for browser apps (`bluesky/oauth/browser.js`), on @atproto/oauth-client-browser, which
// the app creates and passes in: this entry point adds a few hundred bytes and never loads it itself.
import type { ClientSDK } from "../lib/sdks.js";
import { ERR, OK, type Result } from "../types/fp.js";
import { OAuthSessionError } from "./errors.js";
import { attachOAuthSession, type OAuthSessionHandler, type OAuthSessionLike } from "./session.js";

export { OAuthSessionError } from "./errors.js";
export { attachOAuthSession, OAuthSessionHandler, type OAuthSessionLike } from "./session.js";
export { completeOAuthSignIn, type OAuthClientLike, restoreOAuthSession } from "./sign-in.js";

/** What `initBrowserOAuth` uses of a `BrowserOAuthClient`. */
export interface BrowserOAuthClientLike {
  init(): Promise<{ session: OAuthSessionLike; state?: string | null } | undefined>;
}

/**
 * Runs the browser client's `init()` when the page loads: it finishes a sign-in that just came back
 * to this page, or restores the last session, and the session is attached to `client`. `undefined`
 * when nobody is signed in.
 */
export async function initBrowserOAuth(
  client: ClientSDK,
  oauth: BrowserOAuthClientLike,
): Promise<Result<{ session: OAuthSessionHandler; state: string | null } | undefined, OAuthSessionError>> {
  let found: Awaited<ReturnType<BrowserOAuthClientLike["init"]>>;
  try {
    found = await oauth.init();
  } catch (error) {
    return ERR(new OAuthSessionError("callback", error));
  }
  if (!found) return OK(undefined);
  const attached = await attachOAuthSession(client, found.session);
  return attached.ok ? OK({ session: attached.value, state: found.state ?? null }) : attached;
}
