import { afterAll, beforeAll, expect, test } from "vitest";
import { createAccount } from "../src/api/com/atproto/server/createAccount.js";
import {
  accessFull,
  accessFullOrTakendownSession,
  accessOrTakendown,
  accessStandard,
  accessStandardOrTakendownSession,
  adminAuth,
  refreshAuth,
  refreshAuthAllowExpired,
} from "../src/auth/verifier.js";
import { createTestAccount, startTestPds, type TestAccount, type TestPds, xrpc } from "./_util.js";

// A takedown ends every session at once: the auth verifier refuses the account's existing access
// tokens on every method they could call, as the reference answers (401 AccountTakedown).
let pds: TestPds;
let tina: TestAccount;
beforeAll(async () => {
  pds = await startTestPds();
  tina = await createTestAccount(pds, "tina");
});
afterAll(() => pds.close());

const admin = (applied: boolean) =>
  xrpc(pds.url, "com.atproto.admin.updateSubjectStatus", {
    authorization: `Basic ${Buffer.from(`admin:${pds.ctx.secrets.adminPassword}`).toString("base64")}`,
    body: { subject: { $type: "com.atproto.admin.defs#repoRef", did: tina.did }, takedown: { applied } },
  });

/** Calls a route the way a client would, with a body that would be valid for the methods that matter. */
function call(nsid: string, type: "query" | "procedure", token: string) {
  if (type === "query") return xrpc(pds.url, nsid, { token, params: { repo: tina.did } });
  const body: Record<string, unknown> = { repo: tina.did, name: "after", handle: "tina2.test" };
  return xrpc(pds.url, nsid, { method: "POST", token, body });
}

test("a taken-down account's existing token is refused on every authenticated method", async () => {
  const routes = [...pds.app.router.routes()].filter((r) => r.auth !== undefined);
  // Every verifier in use is one of these: a new one must be added here, and so decide its rule.
  const known = [
    accessStandard,
    accessFull,
    accessOrTakendown,
    accessStandardOrTakendownSession,
    accessFullOrTakendownSession,
    adminAuth,
    refreshAuth,
    refreshAuthAllowExpired,
    // A service token from the account's old server (migration): no session here for a takedown to end.
    createAccount.auth,
  ];
  // A scope check wrapped around a verifier (src/auth/permissions.ts) names the verifier as `base`.
  const verifier = (auth: unknown) => (auth as { base?: unknown }).base ?? auth;
  for (const route of routes) expect(known, route.nsid).toContain(verifier(route.auth));
  const user = [accessStandard, accessFull, accessStandardOrTakendownSession, accessFullOrTakendownSession];
  const userRoutes = routes.filter((r) => user.includes(verifier(r.auth) as never));
  expect(userRoutes.map((r) => r.nsid)).toEqual(
    expect.arrayContaining([
      "com.atproto.repo.uploadBlob",
      "com.atproto.server.createAppPassword",
      "com.atproto.identity.updateHandle",
      "com.atproto.repo.putRecord",
    ]),
  );

  expect((await admin(true)).status).toBe(200);
  for (const route of userRoutes) {
    const res = await call(route.nsid, route.type, tina.accessJwt);
    expect([res.status, res.body], route.nsid).toEqual([
      401,
      { error: "AccountTakedown", message: "Account has been taken down" },
    ]);
  }
  // Nothing happened: no app password, no new handle (and no PLC operation signed for it).
  expect(pds.ctx.accounts.appPasswords.list(tina.did)).toEqual([]);
  expect(pds.ctx.accounts.getAccount(tina.did)?.handle).toBe("tina.test");
  // getSession still answers, and says why the account cannot act.
  const session = await xrpc(pds.url, "com.atproto.server.getSession", { token: tina.accessJwt });
  expect(session.body).toMatchObject({ did: tina.did, active: false, status: "takendown" });

  expect((await admin(false)).status).toBe(200);
  const again = await call("com.atproto.server.createAppPassword", "procedure", tina.accessJwt);
  expect(again.status).toBe(200);
});

test("a valid token of an account not hosted here is refused with AccountNotFound", async () => {
  const ghost = pds.ctx.tokens.createAccess("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", "com.atproto.access");
  const res = await call("com.atproto.server.listAppPasswords", "query", ghost);
  expect([res.status, res.body.error]).toEqual([403, "AccountNotFound"]);
});
