import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CBOR, encodeBase32, type LexMap, sha256, verifySignature } from "@putrecord/repo";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { decodePlcOp, didDocument } from "../src/account/plc.js";
import { createTestAccount, refBehaviours, startTestPds, type TestPds, xrpc } from "./_util.js";

interface Recorded {
  name: string;
  request: { body: Record<string, unknown> };
  response: { status: number; body: Record<string, unknown> };
}
const recorded = refBehaviours<{ cases: Recorded[] }>();
const recordedCase = (name: string): Recorded => recorded.cases.find((c) => c.name === name)!;

let pds: TestPds;
beforeAll(async () => {
  pds = await startTestPds();
});
afterAll(() => pds.close());

const create = (body: Record<string, unknown>, url = pds.url) =>
  xrpc(url, "com.atproto.server.createAccount", { body });
const ok = { email: "x@example.com", password: "hunter22" };

describe("createAccount", () => {
  test("createAccount.success and createSession.success answer as the reference did (ref-pds-behaviours)", async () => {
    const made = recordedCase("createAccount.success");
    const res = await create({ ...made.request.body, password: "pw-1" });
    expect(res.status).toBe(made.response.status);
    // Differs (docs/differences.md): session answers carry the DID document (PDS_ENABLE_DID_DOC_WITH_SESSION).
    expect(Object.keys(res.body).sort()).toEqual([...Object.keys(made.response.body), "didDoc"].sort());
    expect(res.body.handle).toBe(made.response.body.handle);
    expect(res.body.did).toMatch(/^did:plc:[a-z2-7]{24}$/);
    const login = recordedCase("createSession.success");
    const session = await xrpc(pds.url, "com.atproto.server.createSession", {
      body: { ...login.request.body, password: "pw-1" },
    });
    expect(session.status).toBe(login.response.status);
    expect(Object.keys(session.body).sort()).toEqual([...Object.keys(login.response.body), "didDoc"].sort());
    expect(session.body.didDoc).toEqual(res.body.didDoc);
    expect(session.body.didDoc).toMatchObject({ id: res.body.did, alsoKnownAs: [`at://${res.body.handle}`] });
    // Same values where they are not per-server (the email comes back lower-cased).
    const { accessJwt: _a, refreshJwt: _r, did: _d, didDoc: _doc, ...fixed } = login.response.body;
    expect(session.body).toMatchObject({ ...fixed, did: res.body.did });
  });

  test("the did:plc is the hash of a genesis operation signed by the server's rotation key", async () => {
    const acct = await createTestAccount(pds, "plcuser");
    const stored = pds.ctx.accounts.plcOperation(acct.did)!;
    const op = decodePlcOp(stored);
    expect(`did:plc:${encodeBase32(sha256(stored)).slice(0, 24)}`).toBe(acct.did);
    expect(op).toMatchObject({
      type: "plc_operation",
      prev: null,
      rotationKeys: [pds.ctx.secrets.plcRotationKey.did()],
      verificationMethods: { atproto: pds.ctx.accounts.signingKey(acct.did).did() },
      alsoKnownAs: ["at://plcuser.test"],
      services: { atproto_pds: { type: "AtprotoPersonalDataServer", endpoint: pds.ctx.config.publicUrl } },
    });
    const { sig, ...unsigned } = op;
    const sigBytes = new Uint8Array(Buffer.from(sig, "base64url"));
    expect(sig).not.toMatch(/[=+/]/);
    expect(verifySignature(op.rotationKeys[0]!, CBOR.encode(unsigned as unknown as LexMap), sigBytes)).toBe(
      true,
    );
    const doc = didDocument(acct.did, op);
    expect(doc).toMatchObject({ id: acct.did, alsoKnownAs: ["at://plcuser.test"] });
  });

  test("the account gets a repo and #identity, #account, #commit events in the reference's order", async () => {
    const before = pds.ctx.sequencer.lastSeq();
    const acct = await createTestAccount(pds, "seqq");
    expect(pds.ctx.repos.attemptHead(acct.did)).not.toBeNull();
    const events = pds.ctx.sequencer.after(before, 100).filter((e) => e.did === acct.did);
    expect(events.map((e) => e.type).slice(0, 3)).toEqual(["identity", "account", "commit"]);
  });

  test("a recovery key is listed first among the rotation keys", async () => {
    const recoveryKey = pds.ctx.accounts.signingKey((await createTestAccount(pds, "helper")).did).did();
    const res = await create({ handle: "recover.test", ...ok, email: "r@example.com", recoveryKey });
    expect(res.status).toBe(200);
    const op = decodePlcOp(pds.ctx.accounts.plcOperation(res.body.did)!);
    expect(op.rotationKeys).toEqual([recoveryKey, pds.ctx.secrets.plcRotationKey.did()]);
  });

  test("handles are lower-cased", async () => {
    const res = await create({ handle: "MixedCase.test", ...ok, email: "mixed@example.com" });
    expect(res.body.handle).toBe("mixedcase.test");
  });

  test.each([
    ["bad syntax", "no spaces.test", "InvalidRequest"],
    ["too short", "ab.test", "InvalidHandle"],
    ["too long", `${"a".repeat(19)}.test`, "InvalidHandle"],
    ["nested label", "a.bcd.test", "InvalidHandle"],
    ["other domain", "alice.example.com", "UnsupportedDomain"],
  ])("a handle with %s is refused", async (_name, handle, error) => {
    const res = await create({ handle, ...ok });
    expect([res.status, res.body.error]).toEqual([400, error]);
  });

  test("a taken handle is refused as the reference does, a taken email is refused, and nothing changes", async () => {
    const first = await createTestAccount(pds, "taken");
    const again = await create({ handle: "taken.test", ...ok, email: "other@example.com" });
    expect([again.status, again.body]).toEqual([
      400,
      { error: "InvalidRequest", message: "Handle already taken: taken.test" },
    ]);
    const sameEmail = await create({ handle: "fresh1.test", ...ok, email: "TAKEN@example.com" });
    expect([sameEmail.status, sameEmail.body.error]).toEqual([400, "InvalidRequest"]);
    expect(pds.ctx.accounts.getAccount("fresh1.test")).toBeNull();
    expect(pds.ctx.accounts.getAccount("taken.test")?.did).toBe(first.did);
  });

  test.each([
    ["no handle", { email: "a@example.com", password: "p" }],
    ["no email", { handle: "noemail.test", password: "p" }],
    ["no password", { handle: "nopass.test", email: "a@example.com" }],
    ["a bad email", { handle: "bademail.test", email: "not-an-email", password: "p" }],
    ["a non-string handle", { handle: 7, email: "a@example.com", password: "p" }],
    [
      "a recovery key that is not a did:key",
      { handle: "badkey.test", email: "k@example.com", password: "p", recoveryKey: "x" },
    ],
    [
      "a DID that is not one",
      { handle: "migrate.test", email: "m@example.com", password: "p", did: "plc:x" },
    ],
    ["a plcOp", { handle: "migrate.test", email: "m@example.com", password: "p", plcOp: {} }],
  ])("a request with %s is a 400", async (_name, body) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(typeof res.body.message).toBe("string");
  });

  test("bringing a DID needs a service token from it: without one, 401 as the reference", async () => {
    const res = await create({
      handle: "migrate.test",
      email: "m@example.com",
      password: "p",
      did: "did:plc:x",
    });
    expect([res.status, res.body]).toEqual([
      401,
      { error: "AuthenticationRequired", message: "Missing auth to create account with did: did:plc:x" },
    ]);
  });

  test("a password over 512 characters is InvalidPassword", async () => {
    const res = await create({ handle: "longpw.test", email: "l@example.com", password: "p".repeat(513) });
    expect([res.status, res.body.error]).toEqual([400, "InvalidPassword"]);
  });
});

describe("invite codes (PDS_INVITE_REQUIRED)", () => {
  let invited: TestPds;
  beforeAll(async () => {
    invited = await startTestPds({ inviteRequired: true });
  });
  afterAll(() => invited.close());
  const admin = () => `Basic ${Buffer.from(`admin:${invited.ctx.secrets.adminPassword}`).toString("base64")}`;

  test("describeServer says a code is required; sign-up without one is InvalidInviteCode", async () => {
    const desc = await xrpc(invited.url, "com.atproto.server.describeServer");
    expect(desc.body.inviteCodeRequired).toBe(true);
    const res = await create({ handle: "nocode.test", ...ok }, invited.url);
    expect([res.status, res.body.error]).toEqual([400, "InvalidInviteCode"]);
  });

  test("an admin-made code works once per use", async () => {
    const made = await xrpc(invited.url, "com.atproto.server.createInviteCode", {
      authorization: admin(),
      body: { useCount: 1 },
    });
    expect(made.status).toBe(200);
    const { code } = made.body;
    const first = await create({ handle: "invited.test", ...ok, inviteCode: code }, invited.url);
    expect(first.status).toBe(200);
    const second = await create(
      { handle: "invited2.test", ...ok, email: "y@example.com", inviteCode: code },
      invited.url,
    );
    expect([second.status, second.body.error]).toEqual([400, "InvalidInviteCode"]);
  });

  test("a failed sign-up gives the use back", async () => {
    const { code } = (
      await xrpc(invited.url, "com.atproto.server.createInviteCode", {
        authorization: admin(),
        body: { useCount: 1 },
      })
    ).body;
    const clash = await create(
      { handle: "invited.test", ...ok, email: "z@example.com", inviteCode: code },
      invited.url,
    );
    expect(clash.body.message).toBe("Handle already taken: invited.test");
    const retry = await create(
      { handle: "invited3.test", ...ok, email: "z@example.com", inviteCode: code },
      invited.url,
    );
    expect(retry.status).toBe(200);
  });

  test("only the admin may make codes", async () => {
    const res = await xrpc(invited.url, "com.atproto.server.createInviteCode", {
      authorization: `Basic ${Buffer.from("admin:wrong").toString("base64")}`,
      body: { useCount: 1 },
    });
    expect(res.status).toBe(401);
  });
});

describe("with PDS_DID_PLC_URL (a stand-in PLC directory on loopback)", () => {
  const received: { path: string; body: Record<string, unknown> }[] = [];
  let refuse = false;
  let plc: Server;
  let withPlc: TestPds;
  beforeAll(async () => {
    plc = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        // The session answer looks the new DID up: this stand-in keeps nothing, so it knows none.
        if (req.method === "GET") return res.writeHead(404).end();
        received.push({ path: req.url ?? "", body: JSON.parse(body) });
        res.writeHead(refuse ? 400 : 200, { "content-type": "application/json" });
        res.end(refuse ? '{"message":"Invalid signature"}' : "{}");
      });
    });
    await new Promise<void>((resolve) => plc.listen(0, "127.0.0.1", resolve));
    const { port } = plc.address() as AddressInfo;
    withPlc = await startTestPds({ plcUrl: `http://127.0.0.1:${port}/` });
  });
  afterAll(async () => {
    await withPlc.close();
    await new Promise((resolve) => plc.close(resolve));
  });

  test("the signed genesis operation is posted to <plc>/<did>", async () => {
    const acct = await createTestAccount(withPlc, "published");
    expect(received.map((r) => r.path)).toEqual([`/${encodeURIComponent(acct.did)}`]);
    const stored = decodePlcOp(withPlc.ctx.accounts.plcOperation(acct.did)!);
    expect(received[0]!.body).toEqual(stored);
  });

  test("a refused operation fails the sign-up with 502 and leaves no account behind", async () => {
    refuse = true;
    const res = await create({ handle: "refused.test", ...ok, email: "refused@example.com" }, withPlc.url);
    expect([res.status, res.body.error]).toEqual([502, "UpstreamFailure"]);
    expect(withPlc.ctx.accounts.getAccount("refused.test")).toBeNull();
    refuse = false;
    const retry = await create({ handle: "refused.test", ...ok, email: "refused@example.com" }, withPlc.url);
    expect(retry.status).toBe(200);
  });
});
