// The attacks the atproto OAuth profile guards against, as one table run against our PDS and the
// reference PDS: each must be refused, with the same OAuth error, by both.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOPBACK_REDIRECT, OAuthFlow, type TokenSet } from "./_oauth.js";
import type { ScopeTarget } from "./scope-cases.js";

const SESSION = "com.atproto.server.getSession";

/** Runs every case against the server `start` gives; `extra` adds cases only that side can run. */
export function runSecurityCases(side: string, start: () => Promise<ScopeTarget>): void {
  let target: ScopeTarget;
  const account = { handle: `sec${side}.test`, password: `sec${side}-pass` };

  beforeAll(async () => {
    target = await start();
    const created = await fetch(`${target.url}/xrpc/com.atproto.server.createAccount`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...account, email: `sec${side}@example.com` }),
    });
    expect(created.status).toBe(200);
  }, 120_000);
  afterAll(() => target?.close());

  /** A signed-in client with a fresh token set. */
  async function signedIn(): Promise<{ flow: OAuthFlow; tokens: TokenSet }> {
    const flow = await OAuthFlow.create(target.issuer);
    return { flow, tokens: await flow.signIn(account) };
  }

  /** A fresh proof for getSession with the flow's key, token and current nonce. */
  const sessionProof = (
    flow: OAuthFlow,
    accessToken: string,
    claims: { htm?: string; htu?: string; iat?: number } = {},
  ) =>
    flow.key.proof({
      htm: claims.htm ?? "GET",
      htu: claims.htu ?? `${target.issuer}/xrpc/${SESSION}`,
      nonce: flow.nonce,
      accessToken,
      iat: claims.iat,
    });

  describe(`OAuth attacks (${side})`, () => {
    it("a replayed DPoP proof is refused", async () => {
      const { flow, tokens } = await signedIn();
      await flow.xrpc(SESSION, tokens.access_token); // learn the current nonce
      const proof = await sessionProof(flow, tokens.access_token);
      const first = await flow.xrpc(SESSION, tokens.access_token, { proof });
      expect(first.status).toBe(200);
      const replay = await flow.xrpc(SESSION, tokens.access_token, { proof });
      expect([replay.status, replay.body.error]).toEqual([401, "invalid_dpop_proof"]);
    });

    it("a proof for another URL or another method is refused", async () => {
      const { flow, tokens } = await signedIn();
      await flow.xrpc(SESSION, tokens.access_token);
      const otherUrl = await sessionProof(flow, tokens.access_token, {
        htu: `${target.issuer}/xrpc/com.atproto.repo.describeRepo`,
      });
      const wrongUrl = await flow.xrpc(SESSION, tokens.access_token, { proof: otherUrl });
      expect([wrongUrl.status, wrongUrl.body.error]).toEqual([401, "invalid_dpop_proof"]);
      const post = await sessionProof(flow, tokens.access_token, { htm: "POST" });
      const wrongMethod = await flow.xrpc(SESSION, tokens.access_token, { proof: post });
      expect([wrongMethod.status, wrongMethod.body.error]).toEqual([401, "invalid_dpop_proof"]);
    });

    it("a proof made minutes ago is refused", async () => {
      const { flow, tokens } = await signedIn();
      await flow.xrpc(SESSION, tokens.access_token);
      const old = await sessionProof(flow, tokens.access_token, { iat: Math.floor(Date.now() / 1000) - 300 });
      const res = await flow.xrpc(SESSION, tokens.access_token, { proof: old });
      expect([res.status, res.body.error]).toEqual([401, "invalid_dpop_proof"]);
    });

    it("a nonce the server never issued gets use_dpop_nonce and a fresh nonce", async () => {
      const { flow, tokens } = await signedIn();
      const proof = await flow.key.proof({
        htm: "GET",
        htu: `${target.issuer}/xrpc/${SESSION}`,
        nonce: "bm90LWEtc2VydmVyLW5vbmNl",
        accessToken: tokens.access_token,
      });
      const res = await flow.xrpc(SESSION, tokens.access_token, { proof });
      expect([res.status, res.body.error]).toEqual([401, "use_dpop_nonce"]);
      expect(res.headers.get("www-authenticate")).toMatch(/^DPoP .*error="use_dpop_nonce"/);
      expect(res.headers.get("dpop-nonce")).toBeTruthy();
    });

    it("a proof signed with another key than the token is bound to is refused", async () => {
      const { tokens } = await signedIn();
      const thief = await OAuthFlow.create(target.issuer);
      const res = await thief.xrpc(SESSION, tokens.access_token);
      expect([res.status, res.body.error]).toEqual([401, "invalid_token"]);
    });

    it("a code used twice is refused, and the tokens of its first use are revoked", async () => {
      const flow = await OAuthFlow.create(target.issuer);
      const { code, verifier } = await flow.authorizedCode(account);
      const first = await flow.token(code, verifier);
      expect(first.status).toBe(200);
      const again = await flow.token(code, verifier);
      expect([again.status, again.body.error]).toEqual([400, "invalid_grant"]);
      const revoked = await flow.xrpc(SESSION, first.body.access_token);
      expect([revoked.status, revoked.body.error]).toEqual([401, "invalid_token"]);
      const refresh = await flow.refresh(first.body.refresh_token);
      expect([refresh.status, refresh.body.error]).toEqual([400, "invalid_grant"]);
    });

    it("a code with the wrong PKCE verifier is refused", async () => {
      const flow = await OAuthFlow.create(target.issuer);
      const { code } = await flow.authorizedCode(account);
      const res = await flow.token(code, "x".repeat(43));
      expect([res.status, res.body.error]).toEqual([400, "invalid_grant"]);
    });

    it("PKCE is S256 only", async () => {
      const flow = await OAuthFlow.create(target.issuer);
      const res = await flow.par({ code_challenge: "y".repeat(43), code_challenge_method: "plain" });
      expect([res.status, res.body.error]).toEqual([400, "invalid_request"]);
    });

    it("a redirect URI the client metadata does not list is refused at PAR", async () => {
      const flow = await OAuthFlow.create(target.issuer);
      const res = await flow.par({ redirect_uri: "http://127.0.0.1/elsewhere" });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/^invalid_/);
      expect(res.body.error_description).toMatch(/redirect_uri/i);
    });

    it("the authorization endpoint takes pushed requests only", async () => {
      const flow = await OAuthFlow.create(target.issuer);
      const query = new URLSearchParams({
        client_id: flow.clientId,
        response_type: "code",
        redirect_uri: LOOPBACK_REDIRECT,
        scope: "atproto",
        state: "s",
        code_challenge: "z".repeat(43),
        code_challenge_method: "S256",
      });
      const res = await fetch(`${target.url}/oauth/authorize?${query}`, { redirect: "manual" });
      const location = res.headers.get("location") ?? "";
      expect(location).not.toContain("code=");
      if (res.status === 303) expect(new URL(location).searchParams.get("error")).toBe("invalid_request");
      else expect(res.status).toBe(400);
    });

    it("a revoked access token stops working at once", async () => {
      const { flow, tokens } = await signedIn();
      expect((await flow.xrpc(SESSION, tokens.access_token)).status).toBe(200);
      expect((await flow.revoke(tokens.access_token)).status).toBe(200);
      const res = await flow.xrpc(SESSION, tokens.access_token);
      expect([res.status, res.body.error]).toEqual([401, "invalid_token"]);
    });

    it("a refresh token spent by a rotation is refused, and ends the whole session", async () => {
      const { flow, tokens } = await signedIn();
      const rotated = await flow.refresh(tokens.refresh_token);
      expect(rotated.status).toBe(200);
      const reuse = await flow.refresh(tokens.refresh_token);
      expect([reuse.status, reuse.body.error]).toEqual([400, "invalid_grant"]);
      const next = await flow.refresh(rotated.body.refresh_token);
      expect([next.status, next.body.error]).toEqual([400, "invalid_grant"]);
      const access = await flow.xrpc(SESSION, rotated.body.access_token);
      expect([access.status, access.body.error]).toEqual([401, "invalid_token"]);
    });

    it("a refresh from another DPoP key is refused", async () => {
      const { tokens } = await signedIn();
      const thief = await OAuthFlow.create(target.issuer);
      const res = await thief.refresh(tokens.refresh_token);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/^invalid_/);
    });
  });
}
