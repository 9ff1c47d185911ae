// The com.atproto operations both servers serve, called live through the SDK's generated standalone
// functions (looked up in its operation table by NSID), against our PDS and, when installed, the
// reference: every call must succeed and decode on both. Cases run in order on one account.
import { operationNames } from "bluesky/operations/index.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isReferencePdsInstalled, startReferencePds } from "../../../../peers/launch.js";
import { type Account, createAccount, type RunningTarget } from "../../../../peers/target.js";
import { startTestPds } from "../_util.js";

const START_TIMEOUT_MS = 180_000;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type Ctx = { alice: Account; rkey?: string; blob?: { ref: { $link: string } }; appPassword?: string };
type Case = [nsid: string, request: (ctx: Ctx) => unknown, check?: (value: unknown, ctx: Ctx) => void];

const post = () => ({ $type: "app.bsky.feed.post", text: "hello", createdAt: new Date().toISOString() });
const uriKey = (uri: string) => uri.split("/").at(-1)!;

/** The calls, in order; `check` may read the value and remember what later calls need. */
const CASES: Case[] = [
  ["com.atproto.server.describeServer", () => undefined],
  ["com.atproto.identity.resolveHandle", (c) => ({ handle: c.alice.handle })],
  ["com.atproto.server.getSession", () => undefined],
  ["com.atproto.repo.describeRepo", (c) => ({ repo: c.alice.did })],
  [
    "com.atproto.repo.createRecord",
    (c) => ({ repo: c.alice.did, collection: "app.bsky.feed.post", record: post() }),
    (v, c) => {
      c.rkey = uriKey((v as { uri: string }).uri);
    },
  ],
  [
    "com.atproto.repo.getRecord",
    (c) => ({ repo: c.alice.did, collection: "app.bsky.feed.post", rkey: c.rkey }),
  ],
  [
    "com.atproto.repo.listRecords",
    (c) => ({ repo: c.alice.did, collection: "app.bsky.feed.post", limit: 10 }),
  ],
  [
    "com.atproto.repo.applyWrites",
    (c) => ({
      repo: c.alice.did,
      writes: [
        { $type: "com.atproto.repo.applyWrites#create", collection: "app.bsky.feed.post", value: post() },
      ],
    }),
  ],
  [
    "com.atproto.repo.uploadBlob",
    () => ({ body: PNG, contentType: "image/png" }),
    (v, c) => {
      c.blob = (v as { blob: { ref: { $link: string } } }).blob;
    },
  ],
  [
    "com.atproto.repo.putRecord",
    (c) => ({
      repo: c.alice.did,
      collection: "app.bsky.actor.profile",
      rkey: "self",
      record: { $type: "app.bsky.actor.profile", displayName: "Alice", avatar: c.blob },
    }),
  ],
  ["com.atproto.sync.getBlob", (c) => ({ did: c.alice.did, cid: c.blob!.ref.$link })],
  ["com.atproto.sync.getLatestCommit", (c) => ({ did: c.alice.did })],
  ["com.atproto.sync.getRepoStatus", (c) => ({ did: c.alice.did })],
  ["com.atproto.sync.getRepo", (c) => ({ did: c.alice.did })],
  [
    "com.atproto.sync.getRecord",
    (c) => ({ did: c.alice.did, collection: "app.bsky.feed.post", rkey: c.rkey }),
  ],
  ["com.atproto.sync.listRepos", () => ({ limit: 10 })],
  [
    "com.atproto.repo.deleteRecord",
    (c) => ({ repo: c.alice.did, collection: "app.bsky.feed.post", rkey: c.rkey }),
  ],
  [
    "com.atproto.server.createAppPassword",
    () => ({ name: "sdk-conformance" }),
    (v, c) => {
      c.appPassword = (v as { name: string }).name;
    },
  ],
  ["com.atproto.server.listAppPasswords", () => undefined],
  ["com.atproto.server.revokeAppPassword", (c) => ({ name: c.appPassword })],
];

type AnyResult = { ok: true; value: unknown } | { ok: false; error: unknown };
type Fn = (client: unknown, request: unknown) => Promise<AnyResult>;

/** The generated standalone function of an NSID, from the SDK's operation table. */
async function functionOf(nsid: string): Promise<Fn> {
  const { fn } = operationNames[nsid]!;
  const mod = (await import(`bluesky/funcs/${fn}.js`)) as Record<string, Fn>;
  return mod[fn]!;
}

function runCases(newTarget: () => Promise<RunningTarget>): void {
  let target: RunningTarget | undefined;
  const ctx = {} as Ctx;
  beforeAll(async () => {
    target = await newTarget();
    ctx.alice = await createAccount(target);
  }, START_TIMEOUT_MS);
  afterAll(() => target?.stop());

  for (const [nsid, request, check] of CASES) {
    test(nsid, async () => {
      const { BlueskyCore } = await import("bluesky/core.js");
      const client = new BlueskyCore({ serverURL: target!.url, bearer: ctx.alice.accessJwt });
      const res = await (await functionOf(nsid))(client, request(ctx));
      if (!res.ok) throw res.error;
      check?.(res.value, ctx);
    });
  }

  test("com.atproto.server.refreshSession, then deleteSession with the new refresh token", async () => {
    const { BlueskyCore } = await import("bluesky/core.js");
    const refresh = await functionOf("com.atproto.server.refreshSession");
    const res = await refresh(
      new BlueskyCore({ serverURL: target!.url, bearer: ctx.alice.refreshJwt }),
      undefined,
    );
    if (!res.ok) throw res.error;
    const { refreshJwt } = res.value as { refreshJwt: string };
    const remove = await functionOf("com.atproto.server.deleteSession");
    const removed = await remove(new BlueskyCore({ serverURL: target!.url, bearer: refreshJwt }), undefined);
    expect(removed).toEqual({ ok: true, value: undefined });
  });
}

describe("SDK operations live: our PDS", () => {
  runCases(async () => {
    const pds = await startTestPds();
    return { name: "ours", url: pds.url, stop: pds.close };
  });
});

const installed = isReferencePdsInstalled();
describe.skipIf(!installed)(
  installed
    ? "SDK operations live: reference PDS"
    : "SDK operations live: reference PDS (skipped: peer not installed; run bash scripts/setup-peers.sh)",
  () => {
    runCases(async () => ({ name: "ref", ...(await startReferencePds()) }));
  },
);
