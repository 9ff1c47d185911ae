import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestAccount, startTestPds, type TestAccount, type TestPds, xrpc } from "./_util.js";

// pds-anchor §3.2 app-passwords.test.ts, in the reference's order (each step builds on the last).
let pds: TestPds;
let alice: TestAccount;
let appPass: string;
let appSession: { accessJwt: string; refreshJwt: string };
beforeAll(async () => {
  pds = await startTestPds();
  alice = await createTestAccount(pds, "alice");
});
afterAll(() => pds.close());

const scopeOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()).scope;
const login = (password: string) =>
  xrpc(pds.url, "com.atproto.server.createSession", { body: { identifier: "alice.test", password } });

test("creates an app-specific password", async () => {
  const res = await xrpc(pds.url, "com.atproto.server.createAppPassword", {
    token: alice.accessJwt,
    body: { name: "test-pass" },
  });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ name: "test-pass", privileged: false });
  expect(res.body.password).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
  expect(Date.parse(res.body.createdAt)).not.toBeNaN();
  appPass = res.body.password;
});

test("a second password with the same name is refused", async () => {
  const res = await xrpc(pds.url, "com.atproto.server.createAppPassword", {
    token: alice.accessJwt,
    body: { name: "test-pass" },
  });
  expect([res.status, res.body.error]).toEqual([400, "InvalidRequest"]);
});

test("creates a session with the app password, with the restricted scope", async () => {
  const res = await login(appPass);
  expect(res.status).toBe(200);
  expect(res.body.did).toBe(alice.did);
  expect(scopeOf(res.body.accessJwt)).toBe("com.atproto.appPass");
  appSession = res.body;
});

test("a privileged app password gets the privileged scope", async () => {
  const made = await xrpc(pds.url, "com.atproto.server.createAppPassword", {
    token: alice.accessJwt,
    body: { name: "privileged", privileged: true },
  });
  expect(made.body.privileged).toBe(true);
  const res = await login(made.body.password);
  expect(scopeOf(res.body.accessJwt)).toBe("com.atproto.appPassPrivileged");
});

test("restricts full-access actions: no app password from an app-password session", async () => {
  const res = await xrpc(pds.url, "com.atproto.server.createAppPassword", {
    token: appSession.accessJwt,
    body: { name: "another-one" },
  });
  expect([res.status, res.body]).toEqual([400, { error: "InvalidToken", message: "Bad token scope" }]);
});

test("persists the scope across refreshes", async () => {
  const refreshed = await xrpc(pds.url, "com.atproto.server.refreshSession", {
    method: "POST",
    token: appSession.refreshJwt,
  });
  expect(refreshed.status).toBe(200);
  expect(scopeOf(refreshed.body.accessJwt)).toBe("com.atproto.appPass");
  const res = await xrpc(pds.url, "com.atproto.server.createAppPassword", {
    token: refreshed.body.accessJwt,
    body: { name: "another-one" },
  });
  expect(res.body.message).toBe("Bad token scope");
});

test("lists the app passwords, without secrets", async () => {
  const res = await xrpc(pds.url, "com.atproto.server.listAppPasswords", { token: appSession.accessJwt });
  expect(res.status).toBe(200);
  expect(res.body.passwords.map((p: { name: string }) => p.name)).toEqual(["test-pass", "privileged"]);
  expect(JSON.stringify(res.body)).not.toContain(appPass);
});

test("revokes an app password", async () => {
  const res = await xrpc(pds.url, "com.atproto.server.revokeAppPassword", {
    token: appSession.accessJwt,
    body: { name: "test-pass" },
  });
  expect(res.status).toBe(200);
});

test("no longer allows session refresh after revocation", async () => {
  const res = await xrpc(pds.url, "com.atproto.server.refreshSession", {
    method: "POST",
    token: appSession.refreshJwt,
  });
  expect([res.status, res.body]).toEqual([400, { error: "ExpiredToken", message: "Token has been revoked" }]);
});

test("no longer allows session creation after revocation", async () => {
  const res = await login(appPass);
  expect([res.status, res.body.message]).toEqual([401, "Invalid identifier or password"]);
  // The account password is unaffected.
  expect((await login(alice.password)).status).toBe(200);
});
