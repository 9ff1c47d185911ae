// What a token's scopes let it do, as one table run against our PDS and the reference PDS (Hono's
// "one suite, many implementations"): each case signs a fresh account in through OAuth with the given
// scopes, makes one call with the DPoP-bound token and expects the same status, error and message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReferencePds } from "../../../../peers/launch.js";
import { sendJson, startUpstream, type Upstream } from "../_upstream.js";
import { type Answer, loopbackClientId, OAuthFlow } from "./_oauth.js";

/** The AppView a target forwards app.bsky calls to: a stand-in (test/_upstream.ts). */
export interface AppViewRef {
  url: string;
  did: string;
}

/** The reference PDS as a target: it listens on 127.0.0.1, its public URL (the issuer) is localhost. */
export async function startReferenceTarget(appView: AppViewRef): Promise<ScopeTarget> {
  const ref = await startReferencePds({ appView });
  return { url: ref.url, issuer: ref.url.replace("127.0.0.1", "localhost"), close: ref.stop };
}

/** A server under test: where it listens, its OAuth issuer (its public URL), and how it stops. */
export interface ScopeTarget {
  url: string;
  issuer: string;
  close(): Promise<void>;
}

/** One signed-in account of a case: its OAuth client and token. */
export interface CaseSession {
  flow: OAuthFlow;
  accessToken: string;
  did: string;
  handle: string;
}

interface ScopeCase {
  name: string;
  scope: string;
  call: (s: CaseSession) => Promise<Answer>;
  status: number;
  /** The body's `error` and `message`, when the call is refused. */
  error?: [string, string];
  /** Further checks of a successful answer. */
  check?: (res: Answer, s: CaseSession) => void;
}

const POST = "app.bsky.feed.post";
const PROFILE = "app.bsky.actor.profile";
const post = () => ({ $type: POST, text: "hello", createdAt: new Date().toISOString() });
// The smallest PNG: 1×1, one transparent pixel.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const missing = (scope: string): [string, string] => [
  "ScopeMissingError",
  `Missing required scope "${scope}"`,
];

const putProfile = (s: CaseSession) =>
  s.flow.xrpc("com.atproto.repo.putRecord", s.accessToken, {
    body: { repo: s.did, collection: PROFILE, rkey: "self", record: { $type: PROFILE, displayName: "x" } },
  });
const createPost = (s: CaseSession) =>
  s.flow.xrpc("com.atproto.repo.createRecord", s.accessToken, {
    body: { repo: s.did, collection: POST, record: post() },
  });
const putPost = (s: CaseSession) =>
  s.flow.xrpc("com.atproto.repo.putRecord", s.accessToken, {
    body: { repo: s.did, collection: POST, rkey: "3kaaaaaaaaa22", record: post() },
  });
const deletePost = (s: CaseSession) =>
  s.flow.xrpc("com.atproto.repo.deleteRecord", s.accessToken, {
    body: { repo: s.did, collection: POST, rkey: "3kaaaaaaaaa22" },
  });
const applyWrites = (collection: string) => (s: CaseSession) =>
  s.flow.xrpc("com.atproto.repo.applyWrites", s.accessToken, {
    body: {
      repo: s.did,
      writes: [
        { $type: "com.atproto.repo.applyWrites#create", collection, value: { $type: collection, ...post() } },
      ],
    },
  });
const upload = (type: string) => (s: CaseSession) => s.flow.upload(s.accessToken, PNG, type);
const getSession = (s: CaseSession) => s.flow.xrpc("com.atproto.server.getSession", s.accessToken);
const createAppPassword = (s: CaseSession) =>
  s.flow.xrpc("com.atproto.server.createAppPassword", s.accessToken, { body: { name: "scoped" } });
const updateHandle = (s: CaseSession) =>
  s.flow.xrpc("com.atproto.identity.updateHandle", s.accessToken, { body: { handle: `x${s.handle}` } });
const refreshSession = (s: CaseSession) =>
  s.flow.xrpc("com.atproto.server.refreshSession", s.accessToken, { body: {} });
const deactivate = (s: CaseSession) =>
  s.flow.xrpc("com.atproto.server.deactivateAccount", s.accessToken, { body: {} });

const serviceAuth = (lxm?: string) => (s: CaseSession) =>
  s.flow.xrpc("com.atproto.server.getServiceAuth", s.accessToken, {
    params: { aud: SERVICE, ...(lxm ? { lxm } : {}) },
  });
const requestPlcSignature = (s: CaseSession) =>
  s.flow.xrpc("com.atproto.identity.requestPlcOperationSignature", s.accessToken, { body: {} });
const importRepo = (s: CaseSession) =>
  s.flow.xrpc("com.atproto.repo.importRepo", s.accessToken, {
    bytes: { data: new Uint8Array(new ArrayBuffer(1)), type: "application/vnd.ipld.car" },
  });

// Reads of the account's own migration state: the reference lets any OAuth token make them.
const listMissingBlobs = (s: CaseSession) => s.flow.xrpc("com.atproto.repo.listMissingBlobs", s.accessToken);
const checkAccountStatus = (s: CaseSession) =>
  s.flow.xrpc("com.atproto.server.checkAccountStatus", s.accessToken);
const recommendedCredentials = (s: CaseSession) =>
  s.flow.xrpc("com.atproto.identity.getRecommendedDidCredentials", s.accessToken);

const SERVICE = "did:web:service.example#svc";
const GENERIC = "atproto transition:generic";
const CREATE_POSTS = `atproto repo:${POST}?action=create`;

export const SCOPE_CASES: ScopeCase[] = [
  // A token scoped to creating posts cannot put a profile: the case.
  {
    name: "post-create token puts a profile",
    scope: CREATE_POSTS,
    call: putProfile,
    status: 403,
    error: missing(`repo:${PROFILE}?action=create`),
  },
  { name: "post-create token creates a post", scope: CREATE_POSTS, call: createPost, status: 200 },
  {
    name: "post-create token puts a post (needs update too)",
    scope: CREATE_POSTS,
    call: putPost,
    status: 403,
    error: missing(`repo:${POST}?action=update`),
  },
  {
    name: "post-create token deletes a post",
    scope: CREATE_POSTS,
    call: deletePost,
    status: 403,
    error: missing(`repo:${POST}?action=delete`),
  },
  {
    name: "post-create token applies a post create",
    scope: CREATE_POSTS,
    call: applyWrites(POST),
    status: 200,
  },
  {
    name: "post-create token applies a like create",
    scope: CREATE_POSTS,
    call: applyWrites("app.bsky.feed.like"),
    status: 403,
    error: missing("repo:app.bsky.feed.like?action=create"),
  },
  {
    name: "post-create token uploads an image",
    scope: CREATE_POSTS,
    call: upload("image/png"),
    status: 403,
    error: missing("blob:image/png"),
  },
  { name: "repo:* token puts a profile", scope: "atproto repo:*", call: putProfile, status: 200 },
  { name: "atproto-only token lists missing blobs", scope: "atproto", call: listMissingBlobs, status: 200 },
  {
    name: "atproto-only token checks its account status",
    scope: "atproto",
    call: checkAccountStatus,
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ activated: true, validDid: true }),
  },
  {
    name: "atproto-only token reads its recommended DID credentials",
    scope: "atproto",
    call: recommendedCredentials,
    status: 200,
    check: (res, s) => expect(res.body).toMatchObject({ alsoKnownAs: [`at://${s.handle}`] }),
  },
  {
    name: "atproto-only token creates a post",
    scope: "atproto",
    call: createPost,
    status: 403,
    error: missing(`repo:${POST}?action=create`),
  },
  {
    name: "blob:image/* token uploads a png",
    scope: "atproto blob:image/*",
    call: upload("image/png"),
    status: 200,
  },
  {
    name: "blob:image/* token uploads text",
    scope: "atproto blob:image/*",
    call: upload("text/plain"),
    status: 403,
    error: missing("blob:text/plain"),
  },
  { name: "transition:generic puts a profile", scope: GENERIC, call: putProfile, status: 200 },
  { name: "transition:generic uploads any blob", scope: GENERIC, call: upload("text/plain"), status: 200 },
  {
    name: "transition:generic reads its session without the email",
    scope: GENERIC,
    call: getSession,
    status: 200,
    check: (res, s) => {
      expect(res.body).toMatchObject({ did: s.did, handle: s.handle });
      expect(res.body.email).toBeUndefined();
    },
  },
  {
    name: "transition:email reads the email",
    scope: `${GENERIC} transition:email`,
    call: getSession,
    status: 200,
    check: (res) => expect(res.body.email).toMatch(/@example\.com$/),
  },
  {
    name: "account:email reads the email",
    scope: "atproto account:email",
    call: getSession,
    status: 200,
    check: (res) => expect(res.body.email).toMatch(/@example\.com$/),
  },
  {
    name: "transition:generic changes the handle",
    scope: GENERIC,
    call: updateHandle,
    status: 403,
    error: missing("identity:handle"),
  },
  {
    name: "identity:handle changes the handle",
    scope: "atproto identity:handle",
    call: updateHandle,
    status: 200,
  },
  {
    name: "transition:generic deactivates",
    scope: GENERIC,
    call: deactivate,
    status: 403,
    error: missing("account:status?action=manage"),
  },
  {
    name: "account:status manage deactivates",
    scope: "atproto account:status?action=manage",
    call: deactivate,
    status: 200,
  },
  {
    name: "atproto-only token asks for a service token",
    scope: "atproto",
    call: serviceAuth("app.bsky.feed.getTimeline"),
    status: 403,
    error: missing(`rpc:app.bsky.feed.getTimeline?aud=${SERVICE.replace("#", "%23")}`),
  },
  {
    name: "rpc token asks for a service token for its method",
    scope: `atproto rpc:app.bsky.feed.getTimeline?aud=${SERVICE}`,
    call: serviceAuth("app.bsky.feed.getTimeline"),
    status: 200,
  },
  {
    name: "rpc token asks for a service token bound to no method",
    scope: `atproto rpc:app.bsky.feed.getTimeline?aud=${SERVICE}`,
    call: serviceAuth(),
    status: 403,
    error: missing(`rpc:*?aud=${SERVICE.replace("#", "%23")}`),
  },
  {
    name: "transition:generic asks for a PLC operation signature",
    scope: GENERIC,
    call: requestPlcSignature,
    status: 403,
    error: missing("identity:*"),
  },
  {
    name: "transition:generic imports a repo",
    scope: GENERIC,
    call: importRepo,
    status: 403,
    error: missing("account:repo?action=manage"),
  },
  {
    name: "an OAuth token is not a session's refresh token",
    scope: GENERIC,
    call: refreshSession,
    status: 401,
    error: ["AuthMissing", "Authentication Required"],
  },
  {
    name: "transition:generic makes an app password",
    scope: GENERIC,
    call: createAppPassword,
    status: 403,
    error: ["Forbidden", "OAuth credentials are not supported for this endpoint"],
  },
];

/** Runs every case against the server `start` gives. */
export function runScopeCases(side: string, start: (appView: AppViewRef) => Promise<ScopeTarget>): void {
  let target: ScopeTarget;
  let appView: Upstream;
  let accounts = 0;

  beforeAll(async () => {
    const answer = (_req: unknown, res: Parameters<typeof sendJson>[0]) => sendJson(res, 200, { feed: [] });
    appView = await startUpstream({
      "app.bsky.graph.getFollows": answer,
      "app.bsky.feed.getTimeline": answer,
    });
    target = await start(appView);
  }, 120_000);
  afterAll(async () => {
    await target?.close();
    await appView?.close();
  });

  /** A new account on the target, signed in through OAuth with `scope`. */
  async function session(scope: string): Promise<CaseSession> {
    const name = `scope${side}${accounts++}`;
    const password = `${name}-pass`;
    const created = await fetch(`${target.url}/xrpc/com.atproto.server.createAccount`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ handle: `${name}.test`, email: `${name}@example.com`, password }),
    });
    const { did, handle } = (await created.json()) as { did: string; handle: string };
    const flow = await OAuthFlow.create(target.issuer, loopbackClientId(scope));
    const tokens = await flow.signIn({ handle, password }, { scope });
    return { flow, accessToken: tokens.access_token, did, handle };
  }

  describe(`scopes (${side})`, () => {
    for (const c of SCOPE_CASES) {
      it(c.name, async () => {
        const s = await session(c.scope);
        const res = await c.call(s);
        if (c.error) {
          expect([res.status, res.body]).toEqual([c.status, { error: c.error[0], message: c.error[1] }]);
        } else {
          expect([res.status, res.body?.error]).toEqual([c.status, undefined]);
          c.check?.(res, s);
        }
      });
    }

    // What the PDS forwards to its AppView, or serves on the AppView's behalf, needs an rpc scope for it.
    it.each([
      ["app.bsky.graph.getFollows", { actor: "alice.test" }],
      ["app.bsky.feed.getTimeline", {}],
      ["app.bsky.actor.getPreferences", {}],
    ])("%s through the PDS needs rpc:<method> for the AppView", async (lxm, params) => {
      const refused = await session("atproto");
      const res = await refused.flow.xrpc(lxm, refused.accessToken, { params });
      expect([res.status, res.body.error]).toEqual([403, "ScopeMissingError"]);
      expect(res.body.message).toContain(`"rpc:${lxm}?aud=`);
      const allowed = await session(`atproto rpc:${lxm}?aud=*`);
      const ok = await allowed.flow.xrpc(lxm, allowed.accessToken, { params });
      expect([ok.status, ok.body.error]).toEqual([200, undefined]);
    });

    it("a DPoP-bound token is refused without its proof, and as a bearer token", async () => {
      const s = await session(GENERIC);
      const noProof = await fetch(`${target.url}/xrpc/com.atproto.server.getSession`, {
        headers: { authorization: `DPoP ${s.accessToken}` },
      });
      expect(noProof.status).toBe(401);
      expect(noProof.headers.get("www-authenticate")).toMatch(/^DPoP /);
      const asBearer = await fetch(`${target.url}/xrpc/com.atproto.server.getSession`, {
        headers: { authorization: `Bearer ${s.accessToken}` },
      });
      expect([asBearer.status, ((await asBearer.json()) as { error: string }).error]).toEqual([
        400,
        "InvalidToken",
      ]);
    });
  });
}
