import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SCOPE_ACCESS, SCOPE_TAKENDOWN } from "../src/auth/scopes.js";
import { SessionTokens } from "../src/auth/tokens.js";
import { createTestAccount, startTestPds, type TestAccount, type TestPds, xrpc } from "./_util.js";

// pds-anchor §3.2 auth.test.ts and §6, plus the token cases of ref-pds-behaviours.json.
let pds: TestPds;
beforeAll(async () => {
  pds = await startTestPds();
});
afterAll(() => pds.close());

const decode = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString());
const header = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[0]!, "base64url").toString());
const getSession = (token: string) => xrpc(pds.url, "com.atproto.server.getSession", { token });
const refresh = (token: string) =>
  xrpc(pds.url, "com.atproto.server.refreshSession", { method: "POST", token });
const deleteSession = (token: string) =>
  xrpc(pds.url, "com.atproto.server.deleteSession", { method: "POST", token });
const createSession = (identifier: string, password: string) =>
  xrpc(pds.url, "com.atproto.server.createSession", { body: { identifier, password } });
const takedown = (did: string) =>
  xrpc(pds.url, "com.atproto.admin.updateSubjectStatus", {
    authorization: `Basic ${Buffer.from(`admin:${pds.ctx.secrets.adminPassword}`).toString("base64")}`,
    body: { subject: { $type: "com.atproto.admin.defs#repoRef", did }, takedown: { applied: true } },
  });

describe("sessions", () => {
  test("account creation gives a working access token and refresh token", async () => {
    const alice = await createTestAccount(pds, "alice");
    const info = await getSession(alice.accessJwt);
    expect(info.status).toBe(200);
    expect(info.body).toEqual({
      did: alice.did,
      handle: "alice.test",
      didDoc: expect.objectContaining({ id: alice.did, alsoKnownAs: ["at://alice.test"] }),
      email: "alice@example.com",
      emailConfirmed: false,
      active: true,
    });
    const next = await refresh(alice.refreshJwt);
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ did: alice.did, handle: alice.handle });
  });

  test("tokens carry the reference's header and claims", async () => {
    const bob = await createTestAccount(pds, "bobby");
    expect(header(bob.accessJwt)).toEqual({ typ: "at+jwt", alg: "HS256" });
    expect(header(bob.refreshJwt)).toEqual({ typ: "refresh+jwt", alg: "HS256" });
    const access = decode(bob.accessJwt);
    expect(access).toMatchObject({ scope: SCOPE_ACCESS, sub: bob.did, aud: "did:web:localhost" });
    expect(access.exp - access.iat).toBe(2 * 60 * 60);
    const refreshClaims = decode(bob.refreshJwt);
    expect(refreshClaims).toMatchObject({
      scope: "com.atproto.refresh",
      sub: bob.did,
      aud: "did:web:localhost",
    });
    expect(refreshClaims.jti).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(refreshClaims.exp - refreshClaims.iat).toBe(90 * 24 * 60 * 60);
  });

  test("session creation by handle, then by email in any case", async () => {
    const carol = await createTestAccount(pds, "carol");
    const byHandle = await createSession("carol.test", carol.password);
    expect(byHandle.status).toBe(200);
    expect(byHandle.body).toMatchObject({
      did: carol.did,
      handle: "carol.test",
      email: carol.email,
      active: true,
    });
    expect((await getSession(byHandle.body.accessJwt)).status).toBe(200);
    expect((await refresh(byHandle.body.refreshJwt)).status).toBe(200);
    const byEmail = await createSession("CAROL@Example.COM", carol.password);
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.handle).toBe("carol.test");
    const byDid = await createSession(carol.did, carol.password);
    expect(byDid.body.did).toBe(carol.did);
  });

  test("a bad password and an unknown identifier get the identical 401", async () => {
    await createTestAccount(pds, "dave");
    const wrong = await createSession("dave.test", "wrong-pass");
    const unknown = await createSession("nobody.test", "wrong-pass");
    const expected = { error: "AuthenticationRequired", message: "Invalid identifier or password" };
    expect([wrong.status, wrong.body]).toEqual([401, expected]);
    expect([unknown.status, unknown.body]).toEqual([401, expected]);
    const tooLong = await createSession("dave.test", "x".repeat(513));
    expect([tooLong.status, tooLong.body]).toEqual([401, expected]);
  });

  test("refresh gives the same new token id on reuse during the grace period", async () => {
    const eve = await createTestAccount(pds, "eve01");
    const [r1, r2] = await Promise.all([refresh(eve.refreshJwt), refresh(eve.refreshJwt)]);
    const r3 = await refresh(eve.refreshJwt);
    const ids = [r1, r2, r3].map((r) => decode(r.body.refreshJwt).jti);
    expect(ids[0]).toEqual(ids[1]);
    expect(ids[0]).toEqual(ids[2]);
    expect(ids[0]).not.toEqual(decode(eve.refreshJwt).jti);
    // The rotated token works in turn.
    expect((await refresh(r1.body.refreshJwt)).status).toBe(200);
  });

  test("a refresh token is revoked once its grace period ends, and its row is cleaned up", async () => {
    const evan = await createTestAccount(pds, "evan");
    await refresh(evan.refreshJwt);
    const jti = decode(evan.refreshJwt).jti;
    expect(pds.ctx.accounts.refreshTokens.setExpiry(jti, Date.now())).toBe(true);
    const again = await refresh(evan.refreshJwt);
    expect([again.status, again.body]).toEqual([
      400,
      { error: "ExpiredToken", message: "Token has been revoked" },
    ]);
    expect(pds.ctx.accounts.refreshTokens.get(jti)).toBeNull();
  });

  test("deleteSession revokes the refresh token; revoking twice is fine", async () => {
    const finn = await createTestAccount(pds, "finn");
    expect((await deleteSession(finn.refreshJwt)).status).toBe(200);
    const after = await refresh(finn.refreshJwt);
    expect([after.status, after.body.error, after.body.message]).toEqual([
      400,
      "ExpiredToken",
      "Token has been revoked",
    ]);
    expect((await deleteSession(finn.refreshJwt)).status).toBe(200);
  });

  test("a logged-out session stays ended: an older refresh token still in its grace period cannot revive it", async () => {
    const gail = await createTestAccount(pds, "gail");
    const second = await refresh(gail.refreshJwt);
    expect((await deleteSession(second.body.refreshJwt)).status).toBe(200);
    for (const token of [gail.refreshJwt, second.body.refreshJwt]) {
      const replay = await refresh(token);
      expect([replay.status, replay.body.error, replay.body.message]).toEqual([
        400,
        "ExpiredToken",
        "Token has been revoked",
      ]);
    }
    // Logging out with the older token ends the newer one too.
    const hugo = await createTestAccount(pds, "hugo");
    const newer = await refresh(hugo.refreshJwt);
    expect((await deleteSession(hugo.refreshJwt)).status).toBe(200);
    expect((await refresh(newer.body.refreshJwt)).status).toBe(400);
  });

  test("an access token cannot refresh, and a refresh token cannot access", async () => {
    const gordon = await createTestAccount(pds, "gordon");
    const res = await refresh(gordon.accessJwt);
    expect([res.status, res.body]).toEqual([
      400,
      { error: "InvalidToken", message: "Token could not be verified" },
    ]);
    const asAccess = await getSession(gordon.refreshJwt);
    expect([asAccess.status, asAccess.body.error]).toEqual([400, "InvalidToken"]);
  });

  test("an expired refresh token cannot refresh, but can still be deleted", async () => {
    const holga = await createTestAccount(pds, "holga");
    const expired = pds.ctx.tokens.createRefresh(holga.did, "some-id", -1);
    const res = await refresh(expired);
    expect([res.status, res.body]).toEqual([400, { error: "ExpiredToken", message: "Token has expired" }]);
    expect((await deleteSession(expired)).status).toBe(200);
  });

  test("a takedown blocks createSession and refreshSession with AccountTakedown", async () => {
    const iris = await createTestAccount(pds, "iris");
    expect((await takedown(iris.did)).status).toBe(200);
    const login = await createSession("iris.test", iris.password);
    expect([login.status, login.body.error]).toEqual([401, "AccountTakedown"]);
    const refreshed = await refresh(iris.refreshJwt);
    expect([refreshed.status, refreshed.body.error]).toEqual([401, "AccountTakedown"]);
  });

  test("allowTakendown gives a takedown-scoped session that cannot act or refresh", async () => {
    const jared = await createTestAccount(pds, "jared");
    await takedown(jared.did);
    const login = await xrpc(pds.url, "com.atproto.server.createSession", {
      body: { identifier: "jared.test", password: jared.password, allowTakendown: true },
    });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ active: false, status: "takendown" });
    expect(decode(login.body.accessJwt).scope).toBe(SCOPE_TAKENDOWN);
    const info = await getSession(login.body.accessJwt);
    expect(info.body).toMatchObject({ did: jared.did, active: false, status: "takendown" });
    const standard = await xrpc(pds.url, "com.atproto.server.listAppPasswords", {
      token: login.body.accessJwt,
    });
    expect([standard.status, standard.body]).toEqual([
      400,
      { error: "InvalidToken", message: "Bad token scope" },
    ]);
    expect((await refresh(login.body.refreshJwt)).body.error).toBe("AccountTakedown");
  });

  test("createSession answers no sooner than the configured floor", async () => {
    const slow = await startTestPds({ loginDelayMs: 300 });
    try {
      const started = performance.now();
      const res = await xrpc(slow.url, "com.atproto.server.createSession", {
        body: { identifier: "nobody.test", password: "x" },
      });
      expect(res.status).toBe(401);
      expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    } finally {
      await slow.close();
    }
  });
});

describe("access token checks (pds-anchor §2.1, ref-pds-behaviours put.missing-auth / put.bad-token.*)", () => {
  let kim: TestAccount;
  beforeAll(async () => {
    kim = await createTestAccount(pds, "kimberly");
  });
  // listAppPasswords is guarded by accessStandard, the verifier every record write uses.
  const call = (authorization?: string) =>
    xrpc(
      pds.url,
      "com.atproto.server.listAppPasswords",
      authorization === undefined ? {} : { authorization },
    );

  test("the valid token passes", async () => {
    const res = await call(`Bearer ${kim.accessJwt}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private");
  });

  test("no header: 401 AuthMissing", async () => {
    const res = await call();
    expect([res.status, res.body]).toEqual([
      401,
      { error: "AuthMissing", message: "Authentication Required" },
    ]);
  });

  test.each([
    ["garbage", "Bearer not-a-jwt", "Token could not be verified"],
    ["basic scheme", "Basic YWRtaW46eA==", "Unexpected authorization type"],
    ["malformed header", "Bearer", "Malformed authorization header"],
    ["three parts", "Bearer a b", "Malformed authorization header"],
  ])("%s: 400 InvalidToken", async (_name, authorization, message) => {
    const res = await call(authorization);
    expect([res.status, res.body]).toEqual([400, { error: "InvalidToken", message }]);
  });

  test("an altered signature: 400 InvalidToken", async () => {
    const [h, p, s] = kim.accessJwt.split(".");
    const flipped = `${s![0] === "A" ? "B" : "A"}${s!.slice(1)}`;
    const res = await call(`Bearer ${h}.${p}.${flipped}`);
    expect([res.status, res.body.error, res.body.message]).toEqual([
      400,
      "InvalidToken",
      "Token could not be verified",
    ]);
  });

  test("the refresh token as access token: 400 InvalidToken", async () => {
    const res = await call(`Bearer ${kim.refreshJwt}`);
    expect([res.status, res.body.error, res.body.message]).toEqual([
      400,
      "InvalidToken",
      "Token could not be verified",
    ]);
  });

  test("a token signed with another secret: 400 InvalidToken", async () => {
    const foreign = new SessionTokens("another-secret", "did:web:localhost").createAccess(
      kim.did,
      SCOPE_ACCESS,
    );
    expect((await call(`Bearer ${foreign}`)).body.message).toBe("Token could not be verified");
  });

  test("a token for another audience: 400 InvalidToken", async () => {
    const other = new SessionTokens(pds.ctx.secrets.jwtSecret, "did:web:elsewhere.example").createAccess(
      kim.did,
      SCOPE_ACCESS,
    );
    expect((await call(`Bearer ${other}`)).body).toEqual({
      error: "InvalidToken",
      message: "Token could not be verified",
    });
  });

  test("an expired token: 400 ExpiredToken", async () => {
    const expired = pds.ctx.tokens.createAccess(kim.did, SCOPE_ACCESS, -1);
    const res = await call(`Bearer ${expired}`);
    expect([res.status, res.body]).toEqual([400, { error: "ExpiredToken", message: "Token has expired" }]);
  });

  test("a token with an unknown scope: 400 InvalidToken Bad token scope", async () => {
    const odd = pds.ctx.tokens.createAccess(kim.did, "com.example.other");
    const res = await call(`Bearer ${odd}`);
    expect([res.status, res.body]).toEqual([400, { error: "InvalidToken", message: "Bad token scope" }]);
  });
});
