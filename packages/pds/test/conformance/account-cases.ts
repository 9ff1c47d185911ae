// Conformance cases for accounts, sessions and identity (PDS-A's methods), as data: each names the status
// and XRPC `error` a conforming PDS answers. account-cases.test.ts runs the same table against our PDS and
// the reference, so every expectation here is checked against the reference too. Left out on purpose: a
// duplicate app-password name (the reference answers 500; ours 400, app-passwords.test.ts) and a user
// token on an admin method (the reference's "UntrustedIss"; ours 401 AuthenticationRequired); both are listed in
// docs/differences.md.
import { randomBytes } from "node:crypto";
import {
  type Account,
  createAccount,
  type Target,
  type XrpcResponse,
  xrpc,
  xrpcRaw,
} from "../../../../peers/target.js";

/** What each case gets: the server and a fresh account made through createAccount. */
export interface AccountCaseContext {
  target: Target;
  alice: Account;
}

export interface AccountCase {
  name: string;
  expect: { status: number; error?: string };
  run(ctx: AccountCaseContext): Promise<XrpcResponse>;
}

const label = () => `c${randomBytes(5).toString("hex")}`;
const domain = async (t: Target) =>
  (await xrpc<{ availableUserDomains: string[] }>(t, "com.atproto.server.describeServer"))
    .availableUserDomains[0]!;
const signUp = (t: Target, body: Record<string, unknown>) =>
  xrpcRaw(t, "com.atproto.server.createAccount", { body });
const login = (t: Target, identifier: string, password: string) =>
  xrpcRaw(t, "com.atproto.server.createSession", { body: { identifier, password } });

/** POST with no body (refreshSession, deleteSession take none). */
async function postEmpty(t: Target, nsid: string, token: string): Promise<XrpcResponse> {
  const res = await fetch(`${t.url}/xrpc/${nsid}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export const ACCOUNT_CASES: AccountCase[] = [
  {
    name: "createAccount.handle-taken",
    expect: { status: 400, error: "InvalidRequest" },
    run: ({ target, alice }) =>
      signUp(target, { handle: alice.handle, email: `${label()}@example.invalid`, password: "pw" }),
  },
  {
    name: "createAccount.invalid-handle-syntax",
    expect: { status: 400, error: "InvalidRequest" },
    run: async ({ target }) =>
      signUp(target, {
        handle: `bad handle${await domain(target)}`,
        email: `${label()}@example.invalid`,
        password: "pw",
      }),
  },
  {
    name: "createAccount.handle-too-short",
    expect: { status: 400, error: "InvalidHandle" },
    run: async ({ target }) =>
      signUp(target, {
        handle: `ab${await domain(target)}`,
        email: `${label()}@example.invalid`,
        password: "pw",
      }),
  },
  {
    name: "createAccount.unsupported-domain",
    expect: { status: 400, error: "UnsupportedDomain" },
    run: ({ target }) =>
      signUp(target, {
        handle: `${label()}.example.com`,
        email: `${label()}@example.invalid`,
        password: "pw",
      }),
  },
  {
    name: "createAccount.no-email",
    expect: { status: 400, error: "InvalidRequest" },
    run: async ({ target }) =>
      signUp(target, { handle: `${label()}${await domain(target)}`, password: "pw" }),
  },
  {
    name: "createSession.by-handle",
    expect: { status: 200 },
    run: ({ target, alice }) => login(target, alice.handle, alice.password),
  },
  {
    name: "createSession.by-did",
    expect: { status: 200 },
    run: ({ target, alice }) => login(target, alice.did, alice.password),
  },
  {
    name: "createSession.wrong-password",
    expect: { status: 401, error: "AuthenticationRequired" },
    run: ({ target, alice }) => login(target, alice.handle, "not-the-password"),
  },
  {
    name: "createSession.unknown-identifier",
    expect: { status: 401, error: "AuthenticationRequired" },
    run: async ({ target }) => login(target, `${label()}${await domain(target)}`, "whatever"),
  },
  {
    name: "createSession.missing-password",
    expect: { status: 400, error: "InvalidRequest" },
    run: ({ target, alice }) =>
      xrpcRaw(target, "com.atproto.server.createSession", { body: { identifier: alice.handle } }),
  },
  {
    name: "getSession.no-auth",
    expect: { status: 401, error: "AuthMissing" },
    run: ({ target }) => xrpcRaw(target, "com.atproto.server.getSession"),
  },
  {
    name: "getSession.access-token",
    expect: { status: 200 },
    run: ({ target, alice }) => xrpcRaw(target, "com.atproto.server.getSession", { token: alice.accessJwt }),
  },
  {
    name: "getSession.refresh-token",
    expect: { status: 400, error: "InvalidToken" },
    run: ({ target, alice }) => xrpcRaw(target, "com.atproto.server.getSession", { token: alice.refreshJwt }),
  },
  {
    name: "refreshSession.access-token",
    expect: { status: 400, error: "InvalidToken" },
    run: ({ target, alice }) => postEmpty(target, "com.atproto.server.refreshSession", alice.accessJwt),
  },
  {
    name: "refreshSession.after-deleteSession",
    expect: { status: 400, error: "ExpiredToken" },
    run: async ({ target, alice }) => {
      const session = await xrpc<{ refreshJwt: string }>(target, "com.atproto.server.createSession", {
        body: { identifier: alice.handle, password: alice.password },
      });
      const deleted = await postEmpty(target, "com.atproto.server.deleteSession", session.refreshJwt);
      if (deleted.status !== 200) return deleted;
      return postEmpty(target, "com.atproto.server.refreshSession", session.refreshJwt);
    },
  },
  {
    name: "createAppPassword.from-app-password-session",
    expect: { status: 400, error: "InvalidToken" },
    run: async ({ target, alice }) => {
      const app = await xrpc<{ password: string }>(target, "com.atproto.server.createAppPassword", {
        token: alice.accessJwt,
        body: { name: label() },
      });
      const session = await xrpc<{ accessJwt: string }>(target, "com.atproto.server.createSession", {
        body: { identifier: alice.handle, password: app.password },
      });
      return xrpcRaw(target, "com.atproto.server.createAppPassword", {
        token: session.accessJwt,
        body: { name: label() },
      });
    },
  },
  {
    name: "resolveHandle.hosted",
    expect: { status: 200 },
    run: ({ target, alice }) =>
      xrpcRaw(target, "com.atproto.identity.resolveHandle", { params: { handle: alice.handle } }),
  },
  {
    name: "createAccount.email-taken",
    expect: { status: 400, error: "InvalidRequest" },
    run: async ({ target }) => {
      const email = `${label()}@example.invalid`;
      const first = await signUp(target, {
        handle: `${label()}${await domain(target)}`,
        email,
        password: "pw",
      });
      if (first.status !== 200) return first;
      return signUp(target, { handle: `${label()}${await domain(target)}`, email, password: "pw" });
    },
  },
  {
    name: "createSession.email-any-case",
    expect: { status: 200 },
    run: async ({ target }) => {
      const name = label();
      const made = await signUp(target, {
        handle: `${name}${await domain(target)}`,
        email: `${name}@example.invalid`,
        password: "pw",
      });
      if (made.status !== 200) return made;
      return login(target, `${name.toUpperCase()}@Example.INVALID`, "pw");
    },
  },
  {
    name: "deleteSession.access-token",
    expect: { status: 400, error: "InvalidToken" },
    run: ({ target, alice }) => postEmpty(target, "com.atproto.server.deleteSession", alice.accessJwt),
  },
  {
    name: "deactivated.putRecord",
    expect: { status: 401, error: "AccountDeactivated" },
    run: async ({ target }) => {
      const bob = await createAccount(target);
      const off = await xrpcRaw(target, "com.atproto.server.deactivateAccount", {
        token: bob.accessJwt,
        body: {},
      });
      if (off.status !== 200) return off;
      return xrpcRaw(target, "com.atproto.repo.putRecord", {
        token: bob.accessJwt,
        body: { repo: bob.did, collection: "com.example.note", rkey: "k", record: { text: "x" } },
      });
    },
  },
  {
    name: "deactivated.createSession",
    expect: { status: 200 },
    run: async ({ target }) => {
      const bob = await createAccount(target);
      const off = await xrpcRaw(target, "com.atproto.server.deactivateAccount", {
        token: bob.accessJwt,
        body: {},
      });
      if (off.status !== 200) return off;
      const res = await login(target, bob.handle, bob.password);
      const status = (res.body as { status?: string }).status;
      return status === "deactivated" ? res : { status: 599, body: { error: `status=${status}` } };
    },
  },
  {
    name: "updateHandle.taken",
    expect: { status: 400, error: "HandleNotAvailable" },
    run: async ({ target, alice }) => {
      const bob = await createAccount(target);
      return xrpcRaw(target, "com.atproto.identity.updateHandle", {
        token: bob.accessJwt,
        body: { handle: alice.handle },
      });
    },
  },
  {
    name: "updateHandle.free",
    expect: { status: 200 },
    run: async ({ target }) => {
      const bob = await createAccount(target);
      const handle = `${label()}${await domain(target)}`;
      const res = await xrpcRaw(target, "com.atproto.identity.updateHandle", {
        token: bob.accessJwt,
        body: { handle },
      });
      if (res.status !== 200) return res;
      return xrpcRaw(target, "com.atproto.identity.resolveHandle", { params: { handle } });
    },
  },
  {
    name: "updateSubjectStatus.no-auth",
    expect: { status: 401, error: "AuthenticationRequired" },
    run: ({ target, alice }) =>
      xrpcRaw(target, "com.atproto.admin.updateSubjectStatus", {
        body: {
          subject: { $type: "com.atproto.admin.defs#repoRef", did: alice.did },
          takedown: { applied: true },
        },
      }),
  },
  {
    name: "describeServer",
    expect: { status: 200 },
    run: ({ target }) => xrpcRaw(target, "com.atproto.server.describeServer"),
  },
];

/** Makes the account every case starts from. */
export function accountCaseContext(target: Target): Promise<AccountCaseContext> {
  return createAccount(target).then((alice) => ({ target, alice }));
}
