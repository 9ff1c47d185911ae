// The SDK reads app.bsky through a PDS that forwards to the reference AppView (@atproto/bsky, indexing
// that PDS's firehose): the same accounts and writes on the reference PDS and on ours, then getProfile,
// getAuthorFeed, getTimeline, getPostThread, getFollows, getLikes and getPreferences through each,
// with the SDK logged in on each. Each PDS's answers show its writes, and the two PDSes' answers are the
// same once what differs between runs is masked (DIDs, handles, CIDs, keys, times). Skipped, with the
// reason, when a peer or PostgreSQL is missing.
import { Bluesky } from "bluesky";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ReferencePds, startReferencePds } from "../../peers/launch.js";
import {
  type ReferenceAppView,
  type RunningPlc,
  startPlc,
  startReferenceAppView,
} from "../../peers/launch-appview.js";
import { type Account, createAccount, type Target } from "../../peers/target.js";
import { freeLoopbackPort, referencePeersUnavailableReason, START_TIMEOUT_MS, startOurPds } from "./_util.js";

const unavailable = referencePeersUnavailableReason();
const title = `the SDK reads app.bsky through a PDS and the reference AppView${unavailable ? ` (skipped: ${unavailable})` : ""}`;
const INDEXED = { timeout: 30_000, interval: 100 };
/** Distinct times, in the order of writing: the AppView orders feeds by them, and ties by CID (which differ). */
const at = (minute: number) => `2026-12-01T12:0${minute}:00.000Z`;
const createdAt = at(0);
const PREFERENCES = [
  { $type: "app.bsky.actor.defs#adultContentPref", enabled: false },
  { $type: "app.bsky.actor.defs#threadViewPref", sort: "newest" },
];

/** One PDS's world: its accounts, what they wrote, and the SDK logged in as alice there. */
interface World {
  pds: Target;
  alice: Account;
  bob: Account;
  sdk: Bluesky;
  alicePost: { uri: string; cid: string };
  bobPost: { uri: string; cid: string };
  bobReply: { uri: string; cid: string };
}

/** Replaces what legitimately differs between the two worlds, so their answers can be compared. */
function masked(value: unknown, world: World): unknown {
  const names: [string, string][] = [
    [world.alice.did, "<alice>"],
    [world.bob.did, "<bob>"],
    [world.alice.handle, "<alice.handle>"],
    [world.bob.handle, "<bob.handle>"],
  ];
  const mask = (v: unknown, key?: string): unknown => {
    if (typeof v === "string") {
      if (key === "indexedAt" || key === "createdAt") return "<time>";
      let out = v;
      for (const [real, placeholder] of names) out = out.split(real).join(placeholder);
      return out.replace(/\bbaf[a-z2-7]{50,}\b/g, "<cid>").replace(/\/[234567a-z]{13}\b/g, "/<tid>");
    }
    if (Array.isArray(v)) return v.map((item) => mask(item));
    if (v !== null && typeof v === "object") {
      const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(entries.map(([k, item]) => [k, mask(item, k)]));
    }
    return v;
  };
  return mask(value);
}

describe.skipIf(unavailable !== undefined)(title, () => {
  let plc: RunningPlc;
  let appView: ReferenceAppView;
  let ref: ReferencePds;
  let ours: Awaited<ReturnType<typeof startOurPds>>;
  const worlds: Record<"reference" | "ours", World> = {} as never;

  beforeAll(async () => {
    const readyTimeoutMs = START_TIMEOUT_MS - 10_000;
    plc = await startPlc({ readyTimeoutMs });
    appView = await startReferenceAppView({ plcUrl: plc.url, readyTimeoutMs });
    const network = { appViewUrl: appView.url, appViewDid: appView.did };
    [ref, ours] = await Promise.all([
      startReferencePds({ plcUrl: plc.url, appView, readyTimeoutMs }),
      freeLoopbackPort().then((port) => startOurPds({ port, plcUrl: plc.url, network })),
    ]);
    appView.follow(ref.url);
    appView.follow(ours.url);
    for (const [name, pds] of [
      ["reference", { name: "reference PDS", url: ref.url }],
      ["ours", ours],
    ] as const) {
      const [alice, bob] = [await createAccount(pds), await createAccount(pds)];
      const sdk = new Bluesky({ serverURL: pds.url, identity: { plcDirectoryURL: plc.url } });
      await sdk.login({ identifier: alice.handle, password: alice.password });
      const bobSdk = new Bluesky({ serverURL: pds.url, identity: { plcDirectoryURL: plc.url } });
      await bobSdk.login({ identifier: bob.handle, password: bob.password });
      const create = (client: Bluesky, repo: string, collection: string, record: object) =>
        client.repo.createRecord({ repo, collection, record: { $type: collection, ...record } });
      await sdk.repo.putRecord({
        repo: alice.did,
        collection: "app.bsky.actor.profile",
        rkey: "self",
        record: { $type: "app.bsky.actor.profile", displayName: "Alice", description: "first light" },
      });
      await create(sdk, alice.did, "app.bsky.graph.follow", { subject: bob.did, createdAt });
      const bobPost = await create(bobSdk, bob.did, "app.bsky.feed.post", {
        text: "bob was here",
        createdAt,
      });
      await create(sdk, alice.did, "app.bsky.feed.like", {
        subject: { uri: bobPost.uri, cid: bobPost.cid },
        createdAt,
      });
      const alicePost = await create(sdk, alice.did, "app.bsky.feed.post", {
        text: "hello from alice",
        createdAt,
      });
      const ref = { uri: alicePost.uri, cid: alicePost.cid };
      const bobReply = await create(bobSdk, bob.did, "app.bsky.feed.post", {
        text: "welcome, alice",
        createdAt: at(3),
        reply: { root: ref, parent: ref },
      });
      await sdk.actors.putPreferences({ preferences: PREFERENCES });
      worlds[name] = { pds, alice, bob, sdk, alicePost, bobPost, bobReply };
    }
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    // The AppView first: its firehose subscriptions would otherwise hold the PDSes open.
    await appView?.stop();
    await Promise.all([ref?.stop(), ours?.stop()]);
    await plc?.stop();
  }, START_TIMEOUT_MS);

  /** Each read, through one PDS, once the AppView shows everything written there. */
  const reads = (w: World) => ({
    getProfile: () => w.sdk.actors.getProfile({ actor: w.alice.handle }),
    getAuthorFeed: () => w.sdk.feed.getAuthor({ actor: w.alice.did }),
    getTimeline: () => w.sdk.feed.getTimeline({}),
    getPostThread: () => w.sdk.feeds.getPostThread({ uri: w.alicePost.uri }),
    getFollows: () => w.sdk.graph.getFollows({ actor: w.alice.did }),
    getLikes: () => w.sdk.feeds.getLikes({ uri: w.bobPost.uri }),
    getPreferences: () => w.sdk.actors.getPreferences({}),
  });

  describe.each(["reference", "ours"] as const)("through the %s PDS", (name) => {
    test("getProfile shows the profile, the post and the follow written there", async () => {
      const w = worlds[name];
      await expect
        .poll(async () => JSON.parse(JSON.stringify(await reads(w).getProfile())), INDEXED)
        .toMatchObject({
          did: w.alice.did,
          handle: w.alice.handle,
          displayName: "Alice",
          postsCount: 1,
          followsCount: 1,
        });
    });

    test("getAuthorFeed and getTimeline show the posts", async () => {
      const w = worlds[name];
      await expect
        .poll(async () => (await reads(w).getAuthorFeed()).feed.map((i) => i.post.uri), INDEXED)
        .toEqual([w.alicePost.uri]);
      await expect
        .poll(async () => (await reads(w).getTimeline()).feed.map((i) => i.post.uri).sort(), INDEXED)
        .toEqual([w.alicePost.uri, w.bobPost.uri, w.bobReply.uri].sort());
    });

    test("getPostThread shows the reply; getFollows and getLikes who followed and liked", async () => {
      const w = worlds[name];
      await expect
        .poll(async () => {
          const { thread } = await reads(w).getPostThread();
          return (thread as { replies?: { post: { uri: string } }[] }).replies?.map((r) => r.post.uri);
        }, INDEXED)
        .toEqual([w.bobReply.uri]);
      await expect
        .poll(async () => (await reads(w).getFollows()).follows.map((f) => f.did), INDEXED)
        .toEqual([w.bob.did]);
      await expect
        .poll(async () => (await reads(w).getLikes()).likes.map((l) => l.actor.did), INDEXED)
        .toEqual([w.alice.did]);
    });

    test("getPreferences gives back what was put", async () => {
      expect((await reads(worlds[name]).getPreferences()).preferences).toEqual(PREFERENCES);
    });
  });

  test.each([
    "getProfile",
    "getAuthorFeed",
    "getTimeline",
    "getPostThread",
    "getFollows",
    "getLikes",
    "getPreferences",
  ] as const)("%s answers the same through both PDSes, masked", async (read) => {
    const [refAnswer, ourAnswer] = await Promise.all([
      reads(worlds.reference)[read](),
      reads(worlds.ours)[read](),
    ]);
    expect(masked(JSON.parse(JSON.stringify(ourAnswer)), worlds.ours)).toEqual(
      masked(JSON.parse(JSON.stringify(refAnswer)), worlds.reference),
    );
  });
});
