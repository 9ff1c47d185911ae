// Issue 17.5: our SDK signs in with OAuth on the reference PDS's provider (@atproto/pds from npm,
// run by peers/launch.ts): bluesky/oauth/node.js's loopback client resolves the account in the
// reference's PLC, pushes the request, the user signs in and consents (through the provider's page
// API, as its page would), and the SDK writes, reads, survives an expired token and logs out.
import { BlueskyCore } from "bluesky/core.js";
import { repoGetRecord } from "bluesky/funcs/repoGetRecord.js";
import { repoPutRecord } from "bluesky/funcs/repoPutRecord.js";
import { serverGetSession } from "bluesky/funcs/serverGetSession.js";
import { completeOAuthSignIn, loopbackOAuthClient, memoryStore } from "bluesky/oauth/node.js";
import { unwrap } from "bluesky/types/fp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeWithoutBrowser } from "../../packages/pds/test/oauth/_oauth.js";
import { isReferencePdsInstalled, type ReferencePds, startReferencePds } from "../../peers/launch.js";
import { type CallbackServer, startCallbackServer } from "./_oauth-browser.js";
import { START_TIMEOUT_MS } from "./_util.js";

const installed = isReferencePdsInstalled();
const PROFILE = "app.bsky.actor.profile";

describe.skipIf(!installed)(
  installed
    ? "the SDK's OAuth sign-in on the reference PDS"
    : "the SDK's OAuth sign-in on the reference PDS (skipped: peer not installed; run bash scripts/setup-peers.sh)",
  () => {
    let ref: ReferencePds;
    let app: CallbackServer;
    const account = { handle: "oauthsdk.test", password: "oauthsdk-pass" };
    let did: string;

    beforeAll(async () => {
      ref = await startReferencePds({ readyTimeoutMs: START_TIMEOUT_MS - 10_000 });
      app = await startCallbackServer();
      const res = await fetch(`${ref.url}/xrpc/com.atproto.server.createAccount`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...account, email: "oauthsdk@example.com" }),
      });
      did = ((await res.json()) as { did: string }).did;
    }, START_TIMEOUT_MS);
    afterAll(async () => {
      app?.close();
      await ref?.stop();
    });

    it("signs in, writes with DPoP, refreshes an expired token, logs out", async () => {
      const sessions = memoryStore<never>();
      const oauth = loopbackOAuthClient({
        redirectUri: app.redirectUri,
        allowHttp: true,
        plcDirectoryUrl: ref.plcUrl,
        sessionStore: sessions,
      });
      const url = await oauth.authorize(did);
      const issuer = url.origin;
      const back = await authorizeWithoutBrowser(
        issuer,
        url.searchParams.get("client_id")!,
        url.searchParams.get("request_uri")!,
        account,
      );
      const client = new BlueskyCore({ serverURL: "https://bsky.social" });
      const { session } = unwrap(await completeOAuthSignIn(client, oauth, back.callback.searchParams));
      expect(session.did).toBe(did);
      expect(session.serviceURL).toBe(`${issuer}/`);

      const record = { $type: PROFILE, displayName: "OAuth on the reference" };
      const put = await repoPutRecord(client, { repo: did, collection: PROFILE, rkey: "self", record });
      expect(put.ok).toBe(true);
      const read = unwrap(await repoGetRecord(client, { repo: did, collection: PROFILE, rkey: "self" }));
      expect(read.value).toMatchObject(record);

      const stored = sessions.get(did) as { tokenSet: { expires_at?: string; access_token: string } };
      const before = stored.tokenSet.access_token;
      stored.tokenSet.expires_at = new Date(Date.now() - 60_000).toISOString();
      expect(unwrap(await serverGetSession(client)).did).toBe(did);
      expect((sessions.get(did) as typeof stored).tokenSet.access_token).not.toBe(before);

      expect((await session.logout()).ok).toBe(true);
      expect(client._session).toBeUndefined();
      // The library revoked the tokens on the server and forgot the session (security-reference.test.ts
      // shows the reference then refuses a revoked token).
      expect(sessions.get(did)).toBeUndefined();
    }, 120_000);
  },
);
