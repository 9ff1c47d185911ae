// The OAuth attack table (security-cases.ts) against our PDS; security-reference.test.ts runs it
// against the reference. Below it, what only our side can show (the nonce secret is ours to know).
import { DpopNonce } from "@atproto/oauth-provider/verifier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oauthKeys } from "../../src/oauth/keys.js";
import { createTestAccount, type TestAccount } from "../_util.js";
import { OAuthFlow, startOAuthPds } from "./_oauth.js";
import { runSecurityCases } from "./security-cases.js";

runSecurityCases("ours", startOAuthPds);

/** The server's nonces for any moment: the provider's own nonce maker, with the server's secret. */
class NonceAt extends DpopNonce {
  at(counter: number): string {
    return this.compute(counter);
  }
  get counter(): number {
    return this.currentCounter;
  }
}

describe("nonces (ours)", () => {
  let pds: Awaited<ReturnType<typeof startOAuthPds>>;
  let bob: TestAccount;
  beforeAll(async () => {
    pds = await startOAuthPds();
    bob = await createTestAccount(pds, "bob");
  });
  afterAll(() => pds?.close());

  it("a nonce the server issued minutes ago is stale: use_dpop_nonce, then the current one works", async () => {
    const flow = await OAuthFlow.create(pds.issuer);
    const tokens = await flow.signIn(bob);
    const nonces = new NonceAt(oauthKeys(pds.ctx.secrets.jwtSecret).dpopSecret);
    const current = await flow.xrpc("com.atproto.server.getSession", tokens.access_token);
    // The server hands out the next period's nonce (the counter may have moved on since it answered).
    const now = nonces.counter;
    expect([nonces.at(now), nonces.at(now + 1)]).toContain(current.headers.get("dpop-nonce"));
    const htu = `${pds.issuer}/xrpc/com.atproto.server.getSession`;
    const stale = nonces.at(now - 3);
    const proof = await flow.key.proof({ htm: "GET", htu, nonce: stale, accessToken: tokens.access_token });
    const res = await flow.xrpc("com.atproto.server.getSession", tokens.access_token, { proof });
    expect([res.status, res.body.error]).toEqual([401, "use_dpop_nonce"]);
    expect((await flow.xrpc("com.atproto.server.getSession", tokens.access_token)).status).toBe(200);
  });

  it("a takedown stops an OAuth token at once, as it stops session tokens", async () => {
    const flow = await OAuthFlow.create(pds.issuer);
    const tokens = await flow.signIn(bob);
    const write = () =>
      flow.xrpc("com.atproto.repo.createRecord", tokens.access_token, {
        body: {
          repo: bob.did,
          collection: "app.bsky.feed.post",
          record: { $type: "app.bsky.feed.post", text: "x", createdAt: new Date().toISOString() },
        },
      });
    expect((await write()).status).toBe(200);
    pds.ctx.accounts.setTakedown(bob.did, "test-takedown");
    const refused = await write();
    expect([refused.status, refused.body]).toEqual([
      401,
      { error: "AccountTakedown", message: "Account has been taken down" },
    ]);
    pds.ctx.accounts.setTakedown(bob.did, null);
  });
});
