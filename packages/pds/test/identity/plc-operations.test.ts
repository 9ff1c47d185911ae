// did:plc operations as a migration uses them, without a PLC directory (the account's stored operation
// is the DID's latest): the recommended credentials, the emailed code (written to the outbox), the
// operation signed with it, and every check submitPlcOperation makes before accepting one. Against a
// real PLC directory and the reference PDS, e2e/test/migration.test.ts runs the same steps.
import { statSync } from "node:fs";
import { join } from "node:path";
import { CBOR, type LexMap, Secp256k1Keypair, verifySignature } from "@putrecord/repo";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { decodePlcOp, plcOpCid, type SignedPlcOp, signPlcOp } from "../../src/account/plc.js";
import { Outbox } from "../../src/mail/outbox.js";
import { createTestAccount, startTestPds, type TestAccount, type TestPds, xrpc } from "../_util.js";

let pds: TestPds;
let alice: TestAccount;
const recoveryKey = Secp256k1Keypair.create();

beforeAll(async () => {
  pds = await startTestPds();
  alice = await createTestAccount(pds, "alice");
});
afterAll(() => pds.close());

const call = (nsid: string, body?: unknown, token = alice.accessJwt) =>
  xrpc(pds.url, nsid, body === undefined ? { token, method: "POST" } : { token, body });
const storedOp = () => decodePlcOp(pds.ctx.accounts.plcOperation(alice.did)!);
const mailedCode = () =>
  /code: (\S+)/.exec(new Outbox(pds.dataDirectory).list(alice.email).at(-1)!.text)![1]!;

test("getRecommendedDidCredentials: what the DID document must say for this server to host the account", async () => {
  const res = await xrpc(pds.url, "com.atproto.identity.getRecommendedDidCredentials", {
    token: alice.accessJwt,
  });
  expect(res.body).toEqual({
    alsoKnownAs: ["at://alice.test"],
    verificationMethods: { atproto: pds.ctx.accounts.signingKey(alice.did).did() },
    rotationKeys: [pds.ctx.secrets.plcRotationKey.did()],
    services: { atproto_pds: { type: "AtprotoPersonalDataServer", endpoint: pds.ctx.config.publicUrl } },
  });
});

describe("signPlcOperation", () => {
  test("needs a password session", async () => {
    const app = await xrpc(pds.url, "com.atproto.server.createAppPassword", {
      token: alice.accessJwt,
      body: { name: "app" },
    });
    const session = await xrpc(pds.url, "com.atproto.server.createSession", {
      body: { identifier: alice.handle, password: app.body.password },
    });
    const res = await call(
      "com.atproto.identity.requestPlcOperationSignature",
      undefined,
      session.body.accessJwt,
    );
    expect(res).toMatchObject({ status: 400, body: { error: "InvalidToken", message: "Bad token scope" } });
  });

  test("the code goes to the account's mail, kept where only the server's user can read it", async () => {
    expect((await call("com.atproto.identity.requestPlcOperationSignature")).status).toBe(200);
    const [mail] = new Outbox(pds.dataDirectory).list(alice.email);
    expect(mail).toMatchObject({ to: alice.email, subject: "PLC Update Operation Requested" });
    expect(mailedCode()).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect(statSync(join(pds.dataDirectory, "mail")).mode & 0o077).toBe(0);
  });

  test("without the code, or with a wrong one, nothing is signed", async () => {
    expect(await call("com.atproto.identity.signPlcOperation", {})).toMatchObject({
      status: 400,
      body: { message: "email confirmation token required to sign PLC operations" },
    });
    expect(await call("com.atproto.identity.signPlcOperation", { token: "aaaaa-aaaaa" })).toMatchObject({
      status: 400,
      body: { error: "InvalidToken" },
    });
  });

  test("an expired code is refused", async () => {
    await call("com.atproto.identity.requestPlcOperationSignature");
    pds.ctx.db.prepare("UPDATE email_token SET requested_at = 0 WHERE did = ?").run(alice.did);
    expect(await call("com.atproto.identity.signPlcOperation", { token: mailedCode() })).toMatchObject({
      status: 400,
      body: { error: "ExpiredToken" },
    });
  });

  test("with the code: the next operation, with the fields asked, signed by the server's rotation key", async () => {
    await call("com.atproto.identity.requestPlcOperationSignature");
    const latest = storedOp();
    const rotationKeys = [recoveryKey.did(), pds.ctx.secrets.plcRotationKey.did()];
    const res = await call("com.atproto.identity.signPlcOperation", { token: mailedCode(), rotationKeys });
    expect(res.status).toBe(200);
    const op = res.body.operation as SignedPlcOp;
    expect(op).toMatchObject({ ...latest, rotationKeys, prev: plcOpCid(latest), sig: expect.any(String) });
    const { sig, ...unsigned } = op;
    const data = CBOR.encode(unsigned as unknown as LexMap);
    expect(verifySignature(pds.ctx.secrets.plcRotationKey.did(), data, Buffer.from(sig, "base64url"))).toBe(
      true,
    );
    // The code works once.
    expect((await call("com.atproto.identity.signPlcOperation", { token: mailedCode() })).status).toBe(400);
  });
});

describe("submitPlcOperation", () => {
  /** The account's next operation with `changes`, signed by the server's rotation key (or `key`). */
  const nextOp = (changes: Partial<SignedPlcOp>, key = pds.ctx.secrets.plcRotationKey) => {
    const { sig: _sig, ...latest } = storedOp();
    return signPlcOp({ ...latest, prev: plcOpCid(storedOp()), ...changes }, key);
  };

  test.each([
    ["a shape that is no operation", () => ({ type: "plc_tombstone" }), "Invalid operation"],
    [
      "without the server's rotation key",
      () => nextOp({ rotationKeys: [recoveryKey.did()] }),
      "Rotation keys do not include server's rotation key",
    ],
    [
      "another endpoint",
      () =>
        nextOp({
          services: {
            atproto_pds: { type: "AtprotoPersonalDataServer", endpoint: "https://elsewhere.example" },
          },
        }),
      "Incorrect endpoint on atproto_pds service",
    ],
    [
      "another signing key",
      () => nextOp({ verificationMethods: { atproto: recoveryKey.did() } }),
      "Incorrect signing key",
    ],
    [
      "another handle",
      () => nextOp({ alsoKnownAs: ["at://mallory.test"] }),
      "Incorrect handle in alsoKnownAs",
    ],
    [
      "a prev that is not the latest operation",
      () => nextOp({ prev: plcOpCid(nextOp({})) }),
      "Invalid operation: prev is not the DID's latest operation",
    ],
    [
      "a signature by a key that may not rotate the DID",
      () => nextOp({}, Secp256k1Keypair.create()),
      "Invalid operation: not signed by a rotation key of the DID's latest operation",
    ],
  ])("is refused with %s", async (_name, op, message) => {
    const before = pds.ctx.accounts.plcOperation(alice.did);
    expect(await call("com.atproto.identity.submitPlcOperation", { operation: op() })).toMatchObject({
      status: 400,
      body: { error: "InvalidRequest", message },
    });
    expect(pds.ctx.accounts.plcOperation(alice.did)).toEqual(before);
  });

  test("a valid operation is kept as the DID's latest, and the firehose gets #identity", async () => {
    const seq = pds.ctx.sequencer.lastSeq();
    const operation = nextOp({ rotationKeys: [recoveryKey.did(), pds.ctx.secrets.plcRotationKey.did()] });
    expect((await call("com.atproto.identity.submitPlcOperation", { operation })).status).toBe(200);
    expect(storedOp()).toEqual(operation);
    const events = pds.ctx.sequencer.after(seq, 10);
    expect(events.map((e) => [e.type, e.body.did, e.body.handle])).toEqual([
      ["identity", alice.did, alice.handle],
    ]);
    // And the DID document follows (no PLC directory: from the stored operation).
    const { body } = await xrpc(pds.url, "com.atproto.identity.resolveDid", { params: { did: alice.did } });
    expect(body.didDoc.id).toBe(alice.did);
  });
});
