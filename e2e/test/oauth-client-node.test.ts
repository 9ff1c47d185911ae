// Issue 17.5: the reference's OAuth client, @atproto/oauth-client-node, against our PDS from end to
// end: identity resolution through a PLC directory, PAR, sign-in and consent in Debian's Chromium,
// the code exchange, putRecord with DPoP (through the library's fetch and through our SDK's session
// adapter), refresh (one for many calls at once), and revocation.
import { existsSync } from "node:fs";
import { BlueskyCore } from "bluesky/core.js";
import { repoPutRecord } from "bluesky/funcs/repoPutRecord.js";
import { serverGetSession } from "bluesky/funcs/serverGetSession.js";
import { attachOAuthSession, loopbackOAuthClient, memoryStore } from "bluesky/oauth/node.js";
import { unwrap } from "bluesky/types/fp.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, ensureExplorerBuilt, launchChromium } from "../../apps/explorer/test/_util.js";
import { type PlcFixture, startPlc } from "../../packages/bluesky/test/_plc.js";
import { createTestAccount, type TestAccount } from "../../packages/pds/test/_util.js";
import { startOAuthPds } from "../../packages/pds/test/oauth/_oauth.js";
import { type CallbackServer, signInOnOurPage, startCallbackServer } from "./_oauth-browser.js";
import { START_TIMEOUT_MS } from "./_util.js";

const POST = "app.bsky.feed.post";
const post = (text: string) => ({ $type: POST, text, createdAt: new Date().toISOString() });

describe.skipIf(!existsSync(CHROMIUM))(
  `@atproto/oauth-client-node against our PDS (skipped when ${CHROMIUM} is absent; scripts/setup.sh installs it)`,
  () => {
    let plc: PlcFixture;
    let pds: Awaited<ReturnType<typeof startOAuthPds>>;
    let alice: TestAccount;
    let app: CallbackServer;
    let browser: Browser;
    let page: Page;
    /** The client's requests to the token endpoint, by grant type. */
    const tokenRequests: string[] = [];
    const sessions = memoryStore<never>();

    /** The library's fetch, counting what it sends to the token endpoint. */
    const countingFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (new URL(request.url).pathname === "/oauth/token") {
        tokenRequests.push(new URLSearchParams(await request.clone().text()).get("grant_type") ?? "?");
      }
      return fetch(request);
    };

    const oauthClient = () =>
      loopbackOAuthClient({
        redirectUri: app.redirectUri,
        allowHttp: true,
        // localhost, as the DID documents name the PDS: the library resolves the DID in this directory.
        plcDirectoryUrl: plc.url.replace("127.0.0.1", "localhost"),
        sessionStore: sessions,
        fetch: countingFetch,
      });

    beforeAll(async () => {
      ensureExplorerBuilt();
      plc = await startPlc();
      pds = await startOAuthPds(undefined, { plcUrl: plc.url });
      alice = await createTestAccount(pds, "alice");
      app = await startCallbackServer();
      browser = await launchChromium();
      page = await browser.newPage();
    }, START_TIMEOUT_MS);

    afterAll(async () => {
      await browser?.close();
      app?.close();
      await pds?.close();
      await plc?.close();
    });

    it("signs in through PAR and our page, writes with DPoP, refreshes once for many calls, revokes", async () => {
      const oauth = oauthClient();
      const url = await oauth.authorize(alice.did, { scope: "atproto transition:generic" });
      expect(url.origin).toBe(pds.issuer);
      expect(url.searchParams.get("request_uri")).toMatch(/^urn:ietf:params:oauth:request_uri:/);
      const back = app.next();
      await signInOnOurPage(page, url.href, alice);
      const params = await back;
      expect(params.get("iss")).toBe(pds.issuer);
      const { session } = await oauth.callback(params);
      expect(session.did).toBe(alice.did);
      expect(tokenRequests).toEqual(["authorization_code"]);

      // putRecord with DPoP through the library's own fetch.
      const put = await session.fetchHandler("/xrpc/com.atproto.repo.putRecord", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          repo: alice.did,
          collection: POST,
          rkey: "3kaaaaaaaaaa2",
          record: post("via the library"),
        }),
      });
      expect(put.status).toBe(200);
      expect(put.headers.get("dpop-nonce")).toBeTruthy();

      // And through our SDK: the session adapter sends calls through the same library.
      const client = new BlueskyCore({ serverURL: "https://bsky.social" });
      const handler = unwrap(await attachOAuthSession(client, session));
      expect(handler.serviceURL).toBe(`${pds.issuer}/`);
      const viaSdk = await repoPutRecord(client, {
        repo: alice.did,
        collection: POST,
        rkey: "3kaaaaaaaaab2",
        record: post("via the bluesky SDK"),
      });
      expect(viaSdk.ok).toBe(true);

      // The access token expires (its stored expiry moved into the past): five calls at once, one refresh.
      const stored = sessions.get(alice.did) as { tokenSet: { expires_at?: string } };
      stored.tokenSet.expires_at = new Date(Date.now() - 60_000).toISOString();
      const calls = await Promise.all(Array.from({ length: 5 }, () => serverGetSession(client)));
      expect(calls.every((r) => r.ok)).toBe(true);
      expect(tokenRequests).toEqual(["authorization_code", "refresh_token"]);

      // Revocation: the SDK's logout revokes through the library; the server has no token left.
      const tokensOf = () =>
        pds.ctx.db.prepare("SELECT count(*) FROM oauth_token WHERE did = ?").pluck().get(alice.did) as number;
      expect(tokensOf()).toBe(1);
      expect((await handler.logout()).ok).toBe(true);
      expect(tokensOf()).toBe(0);
      expect(client._session).toBeUndefined();
      const after = await serverGetSession(client);
      expect(after.ok).toBe(false);
    }, 120_000);

    it("a refused consent comes back to the app as access_denied", async () => {
      const oauth = oauthClient();
      const url = await oauth.authorize(alice.did);
      const back = app.next();
      await page.goto(url.href);
      await page
        .getByRole("button", { name: /^(Cancel|Deny)$/ })
        .first()
        .click();
      const params = await back;
      expect(params.get("error")).toBe("access_denied");
      await expect(oauth.callback(params)).rejects.toThrow(/access_denied|rejected/i);
    }, 60_000);
  },
);
