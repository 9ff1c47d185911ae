// The authorization code flow against our PDS, step by step: metadata, PAR, the sign-in page and its
// API, the code exchange, a DPoP-bound write, refresh (the refresh token rotates) and revocation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount, type TestAccount, type TestPds } from "../_util.js";
import {
  authorizeWithoutBrowser,
  LOOPBACK_REDIRECT,
  loopbackClientId,
  OAuthFlow,
  openAuthorizePage,
  pageApi,
  pageData,
  startOAuthPds,
} from "./_oauth.js";

let pds: TestPds & { issuer: string };
let alice: TestAccount;

beforeAll(async () => {
  pds = await startOAuthPds();
  alice = await createTestAccount(pds, "alice");
});
afterAll(() => pds?.close());

const profile = { $type: "app.bsky.actor.profile", displayName: "Alice" };

describe("metadata", () => {
  it("names this server as the resource and its own authorization server", async () => {
    const res = await fetch(`${pds.issuer}/.well-known/oauth-protected-resource`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ resource: pds.issuer, authorization_servers: [pds.issuer] });
  });

  it("publishes the atproto profile's authorization-server metadata", async () => {
    const res = await fetch(`${pds.issuer}/.well-known/oauth-authorization-server`);
    const meta = await res.json();
    expect(meta).toMatchObject({
      issuer: pds.issuer,
      require_pushed_authorization_requests: true,
      pushed_authorization_request_endpoint: `${pds.issuer}/oauth/par`,
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: true,
    });
    expect(meta.scopes_supported).toEqual(
      expect.arrayContaining(["atproto", "transition:generic", "transition:chat.bsky"]),
    );
    expect(meta.code_challenge_methods_supported).toEqual(["S256"]);
    expect(meta.dpop_signing_alg_values_supported).toContain("ES256");
    expect(meta.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(["none", "private_key_jwt"]),
    );
    expect(meta.token_endpoint_auth_signing_alg_values_supported).not.toContain("none");
  });

  it("never publishes the symmetric key that signs access tokens", async () => {
    const jwks = await (await fetch(`${pds.issuer}/oauth/jwks`)).json();
    expect(JSON.stringify(jwks)).not.toMatch(/"k"|"oct"/);
  });
});

describe("the authorization code flow", () => {
  it("PAR needs a DPoP nonce first, then returns a request_uri", async () => {
    const flow = await OAuthFlow.create(pds.issuer);
    const first = await flow.par({}, { retryNonce: false });
    expect(first.status).toBe(400);
    expect(first.body.error).toBe("use_dpop_nonce");
    expect(first.headers.get("dpop-nonce")).toBeTruthy();
    const pushed = await flow.par();
    expect(pushed.status).toBe(201);
    expect(pushed.body.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:/);
  });

  it("signs in, consents, exchanges the code, writes with DPoP, refreshes and revokes", async () => {
    const flow = await OAuthFlow.create(pds.issuer);
    const pushed = await flow.par();
    const back = await authorizeWithoutBrowser(pds.issuer, flow.clientId, pushed.body.request_uri, alice);
    expect(`${back.callback.origin}${back.callback.pathname}`).toBe(LOOPBACK_REDIRECT);
    expect(back.iss).toBe(pds.issuer);
    expect(back.state).toBe(pushed.state);

    const exchanged = await flow.token(back.code, pushed.verifier);
    expect(exchanged.status).toBe(200);
    const tokens = exchanged.body;
    expect(tokens).toMatchObject({ token_type: "DPoP", sub: alice.did, scope: "atproto transition:generic" });

    const put = await flow.xrpc("com.atproto.repo.putRecord", tokens.access_token, {
      body: { repo: alice.did, collection: "app.bsky.actor.profile", rkey: "self", record: profile },
    });
    expect(put.status).toBe(200);
    expect(put.body.uri).toBe(`at://${alice.did}/app.bsky.actor.profile/self`);
    expect(put.headers.get("dpop-nonce")).toBeTruthy();

    const session = await flow.xrpc("com.atproto.server.getSession", tokens.access_token);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ did: alice.did, handle: alice.handle });
    // transition:generic does not include the account's email (that takes account:email).
    expect(session.body.email).toBeUndefined();

    const refreshed = await flow.refresh(tokens.refresh_token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.body.access_token).not.toBe(tokens.access_token);
    const after = await flow.xrpc("com.atproto.server.getSession", refreshed.body.access_token);
    expect(after.status).toBe(200);

    expect((await flow.revoke(refreshed.body.refresh_token)).status).toBe(200);
    const revoked = await flow.xrpc("com.atproto.server.getSession", refreshed.body.access_token);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error).toBe("invalid_token");
  });

  it("gives the sign-in page the request, the client id in full and the scopes", async () => {
    const flow = await OAuthFlow.create(pds.issuer);
    const pushed = await flow.par({ login_hint: alice.handle });
    const page = await openAuthorizePage(pds.issuer, flow.clientId, pushed.body.request_uri);
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(page.jar.get("csrf-token")).toMatch(/^[0-9a-f]{24}$/);
    const data = pageData(page.text);
    expect(data).toMatchObject({
      requestUri: pushed.body.request_uri,
      clientId: flow.clientId,
      scope: "atproto transition:generic",
      loginHint: alice.handle,
      sessions: [],
    });
    expect(data.clientName).toBeUndefined();
  });

  it("refuses to open the page as anything but a top-level navigation", async () => {
    const flow = await OAuthFlow.create(pds.issuer);
    const pushed = await flow.par();
    const url = `${pds.issuer}/oauth/authorize?${new URLSearchParams({ client_id: flow.clientId, request_uri: pushed.body.request_uri })}`;
    const res = await fetch(url, { headers: { "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" } });
    expect(res.status).toBe(400);
    expect(pageData(await res.text())).toMatchObject({ error: "invalid_request" });
  });

  it("sends the user back with access_denied when they refuse", async () => {
    const flow = await OAuthFlow.create(pds.issuer);
    const pushed = await flow.par();
    const back = await authorizeWithoutBrowser(pds.issuer, flow.clientId, pushed.body.request_uri, alice, {
      consent: false,
    });
    expect(back.callback.searchParams.get("error")).toBe("access_denied");
    expect(back.code).toBe("");
  });
});

// What docs/differences.md lists under OAuth, pinned.
describe("differences from the reference", () => {
  it("access tokens live 15 minutes (the provider's default is 60)", async () => {
    const flow = await OAuthFlow.create(pds.issuer);
    const tokens = await flow.signIn(alice);
    expect(tokens.expires_in).toBeGreaterThan(14 * 60);
    expect(tokens.expires_in).toBeLessThanOrEqual(15 * 60);
  });

  it("serves none of the provider's own UI: account pages, assets, sign-up and account API", async () => {
    expect((await fetch(`${pds.issuer}/account`)).status).toBe(404);
    expect((await fetch(`${pds.issuer}/@atproto/oauth-provider/~assets/main.js`)).status).toBe(404);
    const signUp = await fetch(`${pds.issuer}/@atproto/oauth-provider/~api/sign-up`, { method: "POST" });
    expect(signUp.status).toBe(404);
  });

  it("deactivating through OAuth keeps the account's tokens (the reference deletes them)", async () => {
    const dave = await createTestAccount(pds, "dave");
    const scope = "atproto account:status?action=manage";
    const flow = await OAuthFlow.create(pds.issuer, loopbackClientId(scope));
    const tokens = await flow.signIn(dave, { scope });
    const res = await flow.xrpc("com.atproto.server.deactivateAccount", tokens.access_token, { body: {} });
    expect(res.status).toBe(200);
    const session = await flow.xrpc("com.atproto.server.getSession", tokens.access_token);
    expect([session.status, session.body.status]).toEqual([200, "deactivated"]);
  });
});

describe("sign-in rate limit (rate limits on)", () => {
  let limited: TestPds & { issuer: string };
  beforeAll(async () => {
    limited = await startOAuthPds(undefined, { rateLimitsEnabled: true });
    await createTestAccount(limited, "erin");
  });
  afterAll(() => limited?.close());

  it("charges OAuth sign-ins to createSession's budget: 30 per identifier and address in 5 minutes", async () => {
    const flow = await OAuthFlow.create(limited.issuer);
    const pushed = await flow.par();
    const page = await openAuthorizePage(limited.issuer, flow.clientId, pushed.body.request_uri);
    const signIn = pageApi(limited.issuer, page);
    const attempt = () =>
      signIn("sign-in", { locale: "en", username: "erin.test", password: "wrong-pass", remember: false });
    // Concurrent: each attempt takes the provider's 400 ms timing floor.
    const answers = await Promise.all(Array.from({ length: 31 }, attempt));
    const messages = answers.map((a) => a.body?.error_description);
    expect(messages.filter((m) => m === "Invalid identifier or password")).toHaveLength(30);
    expect(messages.filter((m) => m === "Too many sign-in attempts; try later")).toHaveLength(1);
  });
});
