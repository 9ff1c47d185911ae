// createAccount with an existing DID: the service token that proves control of it is checked as a
// receiving service checks one (type, expiry, audience, method, issuer, signature against the key the
// DID document names), and the account it opens is deactivated and silent. The DID here is a did:web
// served on loopback, so no PLC directory is needed.
import { Secp256k1Keypair } from "@putrecord/repo";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createServiceJwt } from "../../src/auth/service-jwt.js";
import { startUpstream, type Upstream } from "../_upstream.js";
import { startTestPds, type TestPds, xrpc } from "../_util.js";

const key = Secp256k1Keypair.create();
let host: Upstream;
let pds: TestPds;
const LXM = "com.atproto.server.createAccount";

beforeAll(async () => {
  host = await startUpstream({}, {}, (did) => ({
    alsoKnownAs: ["at://carol.test"],
    verificationMethod: [
      { id: `${did}#atproto`, type: "Multikey", controller: did, publicKeyMultibase: key.did().slice(8) },
    ],
  }));
  pds = await startTestPds();
});
afterAll(async () => {
  await Promise.all([pds?.close(), host?.close()]);
});

const token = (
  claims: Partial<{ iss: string; aud: string; lxm: string | null; exp: number }> = {},
  signer = key,
) => createServiceJwt({ iss: host.did, aud: "did:web:localhost", lxm: LXM, signer, ...claims });
const create = (authorization: string | undefined, body: Record<string, unknown> = {}) =>
  xrpc(pds.url, LXM, {
    authorization,
    body: {
      did: host.did,
      handle: "carol.test",
      email: "carol@example.com",
      password: "carol-pass",
      ...body,
    },
  });

describe("the service token", () => {
  test.each([
    ["a session's access token", "BadJwtType", () => ""],
    ["garbage", "BadJwt", () => "Bearer not.a.jwt"],
    ["an expired token", "JwtExpired", () => `Bearer ${token({ exp: Math.floor(Date.now() / 1000) - 5 })}`],
    ["another audience", "BadJwtAudience", () => `Bearer ${token({ aud: "did:web:elsewhere.example" })}`],
    ["another method", "BadJwtLexiconMethod", () => `Bearer ${token({ lxm: "app.bsky.feed.getTimeline" })}`],
    ["no method", "BadJwtLexiconMethod", () => `Bearer ${token({ lxm: null })}`],
    ["a signature by another key", "BadJwtSignature", () => `Bearer ${token({}, Secp256k1Keypair.create())}`],
  ])("%s: 401 %s", async (_name, error, auth) => {
    let authorization = auth();
    if (authorization === "") {
      const session = await xrpc(pds.url, LXM, {
        body: { handle: "dave.test", email: "d@example.com", password: "p" },
      });
      authorization = `Bearer ${session.body.accessJwt}`;
    }
    const res = await create(authorization);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe(error);
    expect(pds.ctx.accounts.getAccount(host.did)).toBeNull();
  });

  test("a token from another DID than the one brought: 401 Missing auth", async () => {
    const res = await create(`Bearer ${token()}`, { did: "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa" });
    expect(res).toMatchObject({
      status: 401,
      body: { message: "Missing auth to create account with did: did:plc:aaaaaaaaaaaaaaaaaaaaaaaa" },
    });
  });
});

describe("with a valid token", () => {
  test("the account is open, deactivated, and the firehose says nothing", async () => {
    const seq = pds.ctx.sequencer.lastSeq();
    const res = await create(`Bearer ${token()}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ did: host.did, handle: "carol.test", didDoc: { id: host.did } });
    expect(pds.ctx.sequencer.after(seq, 10)).toEqual([]);
    const session = await xrpc(pds.url, "com.atproto.server.getSession", { token: res.body.accessJwt });
    expect(session.body).toMatchObject({ did: host.did, active: false, status: "deactivated" });
    // Its repo is not served while it is deactivated, and it cannot be activated while the DID names
    // another server.
    const repo = await xrpc(pds.url, "com.atproto.sync.getLatestCommit", { params: { did: host.did } });
    expect(repo.body.error).toBe("RepoDeactivated");
    const activate = await xrpc(pds.url, "com.atproto.server.activateAccount", {
      token: res.body.accessJwt,
      method: "POST",
    });
    expect(activate).toMatchObject({
      status: 400,
      body: { message: "DID document atproto_pds service endpoint does not match PDS public url" },
    });
  });

  test("bringing the same DID twice is refused", async () => {
    const res = await create(`Bearer ${token()}`, { handle: "carol2.test", email: "carol2@example.com" });
    expect(res).toMatchObject({ status: 400, body: { error: "AlreadyExists" } });
  });
});
