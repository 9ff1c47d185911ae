// A PDS as a cell behind an entryway (docs/deployment.md): it takes the entryway's ES256K tokens with the
// public key alone, its internal methods take only the entryway's service tokens for that method, and
// what the entryway owns is passed on. The whole deployment runs in packages/entryway/test.
import { Secp256k1Keypair } from "@putrecord/repo";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createGenesisOp, createUpdateOp } from "../src/account/plc.js";
import { signEs256k } from "../src/auth/es256k.js";
import { CELL_NSID } from "../src/cell/routes.js";
import { entrywayTrust } from "../src/cell/trust.js";
import { parseCli } from "../src/cli.js";
import { ConfigError } from "../src/config.js";
import { startTestPds, type TestPds, xrpc } from "./_util.js";

const entrywayKey = Secp256k1Keypair.create();
const rotationKey = Secp256k1Keypair.create();
const ENTRYWAY_DID = "did:web:entryway.test";
const keyHex = (key: Secp256k1Keypair) => Buffer.from(key.publicKey).toString("hex");
const now = () => Math.floor(Date.now() / 1000);

function serviceToken(lxm: string, over: Record<string, unknown> = {}, key = entrywayKey): string {
  return signEs256k(key, undefined, {
    iss: ENTRYWAY_DID,
    aud: "did:web:localhost",
    lxm,
    iat: now(),
    exp: now() + 60,
    ...over,
  });
}

function accessToken(did: string, over: Record<string, unknown> = {}, key = entrywayKey): string {
  const claims = {
    scope: "com.atproto.access",
    sub: did,
    aud: "did:web:localhost",
    iat: now(),
    exp: now() + 600,
  };
  return signEs256k(key, "at+jwt", { ...claims, ...over });
}

describe("entryway settings", () => {
  test("all three or none; the key must be a compressed secp256k1 point", () => {
    expect(entrywayTrust(undefined)).toBeUndefined();
    expect(() => entrywayTrust({ url: "http://e.test" })).toThrow(ConfigError);
    const input = { url: "http://e.test/", did: ENTRYWAY_DID, jwtVerifyKeyHex: keyHex(entrywayKey) };
    expect(entrywayTrust(input)).toEqual({
      url: "http://e.test",
      did: ENTRYWAY_DID,
      verifyKey: entrywayKey.did(),
    });
    expect(() => entrywayTrust({ ...input, jwtVerifyKeyHex: "04".padEnd(130, "0") })).toThrow(/compressed/);
    expect(() => entrywayTrust({ ...input, jwtVerifyKeyHex: `02${"f".repeat(64)}` })).toThrow(/not a point/);
    expect(() => entrywayTrust({ ...input, did: "entryway" })).toThrow(/PDS_ENTRYWAY_DID/);
  });

  test("read from the reference's environment variable names", () => {
    const input = parseCli([], {
      PDS_ENTRYWAY_URL: "http://e.test",
      PDS_ENTRYWAY_DID: ENTRYWAY_DID,
      PDS_ENTRYWAY_JWT_VERIFY_KEY_K256_PUBLIC_KEY_HEX: keyHex(entrywayKey),
    });
    expect(input?.entryway).toEqual({
      url: "http://e.test",
      did: ENTRYWAY_DID,
      jwtVerifyKeyHex: keyHex(entrywayKey),
    });
  });
});

describe("a cell", () => {
  let cell: TestPds;
  let did: string;

  async function reserve(): Promise<string> {
    const res = await xrpc(cell.url, CELL_NSID.reserveSigningKey, {
      method: "POST",
      token: serviceToken(CELL_NSID.reserveSigningKey),
    });
    expect(res.status).toBe(200);
    return res.body.signingKey;
  }

  function genesis(handle: string, signingKey: string) {
    return createGenesisOp({
      handle,
      signingKey: { did: () => signingKey },
      rotationKey,
      pdsEndpoint: cell.url,
    });
  }

  beforeAll(async () => {
    // Port 9 (discard) on loopback: nothing answers, as an entryway that is down.
    cell = await startTestPds({
      entryway: { url: "http://127.0.0.1:9", did: ENTRYWAY_DID, jwtVerifyKeyHex: keyHex(entrywayKey) },
    });
  });
  afterAll(() => cell?.close());

  test("creates an account the entryway placed, with the key it reserved, and takes its access tokens", async () => {
    const signingKey = await reserve();
    const { did: made, op } = genesis("placed.test", signingKey);
    did = made;
    const body = { did, handle: "placed.test", email: "placed@example.com", signingKey, plcOp: op };
    const created = await xrpc(cell.url, CELL_NSID.createAccount, {
      body,
      token: serviceToken(CELL_NSID.createAccount),
    });
    expect(created.status).toBe(200);
    // A reserved key is taken once.
    const again = await xrpc(cell.url, CELL_NSID.createAccount, {
      body,
      token: serviceToken(CELL_NSID.createAccount),
    });
    expect(again.body.error).toBe("InvalidSigningKey");
    const put = await xrpc(cell.url, "com.atproto.repo.putRecord", {
      body: {
        repo: did,
        collection: "app.bsky.actor.profile",
        rkey: "self",
        record: { displayName: "Cell" },
      },
      token: accessToken(did),
    });
    expect(put.status).toBe(200);
    // No password lives here: logging in is the entryway's (down here, so 502).
    const login = await xrpc(cell.url, "com.atproto.server.createSession", {
      body: { identifier: "placed.test", password: "anything" },
    });
    expect([login.status, login.body.error]).toEqual([502, "UpstreamFailure"]);
  });

  test("refuses a genesis operation that does not make this DID or name the reserved key", async () => {
    const signingKey = await reserve();
    const { op } = genesis("other.test", signingKey);
    const res = await xrpc(cell.url, CELL_NSID.createAccount, {
      body: { did: "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", handle: "other.test", signingKey, plcOp: op },
      token: serviceToken(CELL_NSID.createAccount),
    });
    expect([res.status, res.body.error]).toEqual([400, "IncompatibleDidDoc"]);
  });

  test("internal methods take only the entryway's service token for that method, to this cell, short-lived", async () => {
    const nsid = CELL_NSID.reserveSigningKey;
    const refused = [
      undefined,
      accessToken(did), // a user's token, even the entryway's
      serviceToken(CELL_NSID.createAccount), // made for another method
      serviceToken(nsid, { aud: "did:web:other-cell.test" }),
      serviceToken(nsid, { iss: "did:web:impostor.test" }),
      serviceToken(nsid, { exp: now() - 1 }),
      serviceToken(nsid, { exp: now() + 3600 }),
      serviceToken(nsid, {}, Secp256k1Keypair.create()),
    ];
    for (const token of refused) {
      const res = await xrpc(cell.url, nsid, { method: "POST", token });
      expect(res.status).toBe(401);
    }
  });

  test("refuses access tokens signed by another key or made for another cell", async () => {
    const write = (token: string) =>
      xrpc(cell.url, "com.atproto.repo.createRecord", {
        body: {
          repo: did,
          collection: "app.bsky.feed.post",
          record: { text: "x", createdAt: new Date().toISOString() },
        },
        token,
      });
    expect((await write(accessToken(did, {}, Secp256k1Keypair.create()))).body.error).toBe("InvalidToken");
    expect((await write(accessToken(did, { aud: "did:web:other-cell.test" }))).body.error).toBe(
      "InvalidToken",
    );
    expect((await write(accessToken(did, { exp: now() - 1 }))).body.error).toBe("ExpiredToken");
    expect((await write(accessToken(did))).status).toBe(200);
  });

  test("stores a handle the entryway changed and tells the firehose", async () => {
    const { op } = genesis("renamed.test", (await reserve()) as string);
    const res = await xrpc(cell.url, CELL_NSID.updateHandle, {
      body: { did, handle: "renamed.test", plcOp: op },
      token: serviceToken(CELL_NSID.updateHandle),
    });
    expect(res.status).toBe(200);
    const described = await xrpc(cell.url, "com.atproto.repo.describeRepo", { params: { repo: did } });
    expect(described.body.handle).toBe("renamed.test");
  });

  test("opens an account moving in deactivated, and activates it only under an operation naming its key here", async () => {
    const call = (nsid: string, body: unknown) => xrpc(cell.url, nsid, { body, token: serviceToken(nsid) });
    const status = async (of: string) =>
      (await xrpc(cell.url, "com.atproto.sync.getRepoStatus", { params: { did: of } })).body;
    const oldKey = Secp256k1Keypair.create().did(); // the key on the cell it comes from
    const { did: moving, op } = genesis("moving.test", oldKey);
    const signingKey = await reserve();
    const account = { did: moving, handle: "moving.test", signingKey, plcOp: op };
    const opened = await call(CELL_NSID.importAccount, account);
    expect(opened.body).toEqual({ signingKey });
    expect(await status(moving)).toMatchObject({ active: false, status: "deactivated" });

    // Its current operation still names the old key (and another URL): not hosted here yet.
    const early = await call(CELL_NSID.activateAccount, { did: moving, plcOp: op });
    expect([early.status, early.body.error]).toEqual([400, "IncompatibleDidDoc"]);
    const elsewhere = createUpdateOp(
      op,
      { services: { atproto_pds: { type: "AtprotoPersonalDataServer", endpoint: "http://c9.test" } } },
      rotationKey,
    );
    const wrongCell = await call(CELL_NSID.activateAccount, { did: moving, plcOp: elsewhere });
    expect([wrongCell.status, wrongCell.body.error]).toEqual([400, "IncompatibleDidDoc"]);
    const unknown = await call(CELL_NSID.activateAccount, { did: "did:plc:nobodyhere", plcOp: op });
    expect(unknown.body.error).toBe("AccountNotFound");
    const wrongMethod = await xrpc(cell.url, CELL_NSID.activateAccount, {
      body: { did: moving, plcOp: op },
      token: serviceToken(CELL_NSID.importAccount),
    });
    expect(wrongMethod.status).toBe(401);

    const endpoint = cell.ctx.config.publicUrl;
    const here = createUpdateOp(
      op,
      {
        verificationMethods: { atproto: signingKey },
        services: { atproto_pds: { type: "AtprotoPersonalDataServer", endpoint } },
      },
      rotationKey,
    );
    const activated = await call(CELL_NSID.activateAccount, { did: moving, plcOp: here });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    expect(await status(moving)).toMatchObject({ active: true });

    // An active account is not opened again; a key nobody reserved opens nothing.
    const again = await call(CELL_NSID.importAccount, { ...account, signingKey: await reserve() });
    expect([again.status, again.body.error]).toEqual([400, "AccountExists"]);
    const other = genesis("stranger.test", oldKey);
    const unreserved = await call(CELL_NSID.importAccount, {
      ...account,
      did: other.did,
      handle: "stranger.test",
      signingKey: oldKey,
    });
    expect([unreserved.status, unreserved.body.error]).toEqual([400, "InvalidSigningKey"]);
  });
});
