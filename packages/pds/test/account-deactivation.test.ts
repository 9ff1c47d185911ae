import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestAccount, startTestPds, type TestAccount, type TestPds, xrpc } from "./_util.js";

// pds-anchor §3.2 account-deactivation.test.ts, and §2.2: the account named by `repo` is checked
// (missing 403, taken down 401, deactivated 401) before ownership.
let pds: TestPds;
let alice: TestAccount;
let bob: TestAccount;
beforeAll(async () => {
  pds = await startTestPds();
  alice = await createTestAccount(pds, "alice");
  bob = await createTestAccount(pds, "bobby");
});
afterAll(() => pds.close());

const NOTE = "com.example.note";
const write = (nsid: string, token: string, body: Record<string, unknown>) =>
  xrpc(pds.url, `com.atproto.repo.${nsid}`, { token, body });
const put = (acct: TestAccount, rkey: string, repo = acct.did) =>
  write("putRecord", acct.accessJwt, { repo, collection: NOTE, rkey, record: { text: rkey } });
const admin = (body: Record<string, unknown>) =>
  xrpc(pds.url, "com.atproto.admin.updateSubjectStatus", {
    authorization: `Basic ${Buffer.from(`admin:${pds.ctx.secrets.adminPassword}`).toString("base64")}`,
    body: { subject: { $type: "com.atproto.admin.defs#repoRef", did: bob.did }, ...body },
  });

test("setup: alice can write", async () => {
  expect((await put(alice, "before")).status).toBe(200);
});

test("deactivateAccount needs a full-access session", async () => {
  const app = await xrpc(pds.url, "com.atproto.server.createAppPassword", {
    token: alice.accessJwt,
    body: { name: "app" },
  });
  const session = await xrpc(pds.url, "com.atproto.server.createSession", {
    body: { identifier: alice.handle, password: app.body.password },
  });
  const res = await xrpc(pds.url, "com.atproto.server.deactivateAccount", {
    token: session.body.accessJwt,
    body: {},
  });
  expect([res.status, res.body.message]).toEqual([400, "Bad token scope"]);
});

test("after deactivation, create, put and delete are refused with AccountDeactivated", async () => {
  const before = pds.ctx.sequencer.lastSeq();
  const res = await xrpc(pds.url, "com.atproto.server.deactivateAccount", {
    token: alice.accessJwt,
    body: {},
  });
  expect(res.status).toBe(200);
  const expected = [401, { error: "AccountDeactivated", message: "Account is deactivated" }];
  const create = await write("createRecord", alice.accessJwt, {
    repo: alice.did,
    collection: NOTE,
    record: {},
  });
  expect([create.status, create.body]).toEqual(expected);
  const putRes = await put(alice, "during");
  expect([putRes.status, putRes.body]).toEqual(expected);
  const del = await write("deleteRecord", alice.accessJwt, {
    repo: alice.did,
    collection: NOTE,
    rkey: "before",
  });
  expect([del.status, del.body]).toEqual(expected);
  // By handle too, and the record written before is untouched.
  expect((await put(alice, "during", alice.handle)).body.error).toBe("AccountDeactivated");
  const kept = await xrpc(pds.url, "com.atproto.repo.getRecord", {
    params: { repo: alice.did, collection: NOTE, rkey: "before" },
  });
  expect(kept.body.value).toEqual({ $type: NOTE, text: "before" });
  // The firehose was told: #account active=false status=deactivated.
  const events = pds.ctx.sequencer.after(before, 100).filter((e) => e.did === alice.did);
  expect(events.map((e) => [e.type, e.body.active, e.body.status])).toEqual([
    ["account", false, "deactivated"],
  ]);
});

test("login still works and reports the deactivated status", async () => {
  const res = await xrpc(pds.url, "com.atproto.server.createSession", {
    body: { identifier: alice.handle, password: alice.password },
  });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ did: alice.did, active: false, status: "deactivated" });
  const session = await xrpc(pds.url, "com.atproto.server.getSession", { token: res.body.accessJwt });
  expect(session.body).toMatchObject({ active: false, status: "deactivated" });
});

test("activateAccount restores writes and sequences #account, #identity, then #sync of the head (the reference's order)", async () => {
  const before = pds.ctx.sequencer.lastSeq();
  const res = await xrpc(pds.url, "com.atproto.server.activateAccount", {
    method: "POST",
    token: alice.accessJwt,
  });
  expect(res.status).toBe(200);
  const events = pds.ctx.sequencer.after(before, 100).filter((e) => e.did === alice.did);
  expect(events.map((e) => e.type)).toEqual(["account", "identity", "sync"]);
  expect(events[0]!.body.active).toBe(true);
  expect(events[2]!.body.rev).toBe(pds.ctx.repos.head(alice.did).rev);
  expect((await put(alice, "after")).status).toBe(200);
  const session = await xrpc(pds.url, "com.atproto.server.getSession", { token: alice.accessJwt });
  expect(session.body.active).toBe(true);
});

test("a taken-down account's writes are refused with AccountTakedown, and allowed again once lifted", async () => {
  expect((await admin({ takedown: { applied: true, ref: "case-1" } })).status).toBe(200);
  const res = await put(bob, "x");
  expect([res.status, res.body]).toEqual([
    401,
    { error: "AccountTakedown", message: "Account has been taken down" },
  ]);
  expect((await admin({ takedown: { applied: false } })).status).toBe(200);
  expect((await put(bob, "x")).status).toBe(200);
});

test("the repo's state comes before ownership: writing to a deactivated stranger's repo says AccountDeactivated", async () => {
  expect((await admin({ deactivated: { applied: true } })).status).toBe(200);
  const res = await put(alice, "y", bob.did);
  expect([res.status, res.body.error]).toEqual([401, "AccountDeactivated"]);
  expect((await admin({ deactivated: { applied: false } })).status).toBe(200);
  const mine = await put(alice, "y", bob.did);
  expect([mine.status, mine.body]).toEqual([
    401,
    { error: "AuthenticationRequired", message: "Authentication Required" },
  ]);
});

test("admin routes refuse anything but the admin password", async () => {
  const noAuth = await xrpc(pds.url, "com.atproto.admin.updateSubjectStatus", {
    body: { subject: { $type: "com.atproto.admin.defs#repoRef", did: bob.did }, takedown: { applied: true } },
  });
  expect([noAuth.status, noAuth.body.error]).toEqual([401, "AuthenticationRequired"]);
  const userToken = await xrpc(pds.url, "com.atproto.admin.updateSubjectStatus", {
    token: bob.accessJwt,
    body: { subject: { $type: "com.atproto.admin.defs#repoRef", did: bob.did }, takedown: { applied: true } },
  });
  expect([userToken.status, userToken.body.error]).toEqual([401, "AuthenticationRequired"]);
  expect(pds.ctx.accounts.getAccount(bob.did)?.takedownRef).toBeNull();
});
