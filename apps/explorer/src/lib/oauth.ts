import type { BrowserOAuthClient } from "@atproto/oauth-client-browser";
import { BlueskyCore } from "bluesky/core.js";
import { serverGetSession } from "bluesky/funcs/serverGetSession.js";
import { initBrowserOAuth } from "bluesky/oauth/browser.js";
import { unwrap } from "bluesky/types/fp.js";
import { pdsIdentityResolver } from "./pds-identity.js";
import type { Account } from "./session.js";

const SCOPE = "atproto transition:generic";
/** Set by the OAuth library while a session is stored in this browser (`BrowserOAuthClient.restore`). */
const STORED_SESSION_KEY = "@@atproto/oauth-client-browser(sub)";
/** Asks the page, reloaded on the loopback IP, to start signing in. */
const START_HASH = "#oauth-sign-in";

/** Whether this page load has OAuth work to do: a sign-in coming back, one to start, or one to resume. */
export function oauthPending(): boolean {
  const params = new URLSearchParams(window.location.hash.slice(1));
  return (
    window.location.hash === START_HASH ||
    (params.has("state") && (params.has("code") || params.has("error"))) ||
    localStorage.getItem(STORED_SESSION_KEY) !== null
  );
}

/**
 * The OAuth client, loaded only when used (the library is a chunk of its own). In development the
 * explorer is a loopback client (`http://localhost?redirect_uri=http://127.0.0.1:<port>/`); on a
 * public PDS it is the client whose metadata the PDS publishes at /oauth-client-metadata.json.
 */
async function oauthClient(): Promise<BrowserOAuthClient> {
  const { BrowserOAuthClient, buildAtprotoLoopbackClientMetadata } = await import(
    "@atproto/oauth-client-browser"
  );
  const { protocol, hostname, port, origin } = window.location;
  const options = { identityResolver: pdsIdentityResolver(origin), responseMode: "fragment" as const };
  if (protocol === "https:") {
    return BrowserOAuthClient.load({ ...options, clientId: `${origin}/oauth-client-metadata.json` });
  }
  const loopback = hostname === "localhost" ? "127.0.0.1" : hostname;
  const clientMetadata = buildAtprotoLoopbackClientMetadata({
    scope: SCOPE,
    redirect_uris: [`http://${loopback}:${port}/`],
  });
  return new BrowserOAuthClient({ ...options, clientMetadata, allowHttp: true });
}

/**
 * Starts an OAuth sign-in at this PDS: the browser leaves for its sign-in page and comes back here.
 * A loopback client's sign-in must start on the IP its redirect names (the library keeps the pending
 * request in this origin's storage), so on `localhost` the page first reloads on 127.0.0.1.
 */
export async function startOAuthSignIn(): Promise<void> {
  if (window.location.hostname === "localhost") {
    window.location.assign(`http://127.0.0.1:${window.location.port}/${START_HASH}`);
    return;
  }
  history.replaceState(null, "", window.location.pathname);
  // The PDS names its public URL (the OAuth issuer) in its protected-resource metadata.
  const meta = (await (await fetch("/.well-known/oauth-protected-resource")).json()) as { resource: string };
  await (await oauthClient()).signInRedirect(meta.resource, { scope: SCOPE });
}

/** The OAuth account of this browser (a sign-in just finished, or one stored), or null. */
export async function resumeOAuthAccount(): Promise<Account | null> {
  if (window.location.hash === START_HASH) {
    await startOAuthSignIn();
    return null;
  }
  const oauth = await oauthClient();
  const client = new BlueskyCore({ serverURL: window.location.origin, timeoutMs: 20_000 });
  const found = unwrap(await initBrowserOAuth(client, oauth));
  if (!found) return null;
  const { did, handle } = unwrap(await serverGetSession(client));
  return {
    client,
    did,
    handle,
    signOut: async () => {
      await found.session.logout();
    },
  };
}
