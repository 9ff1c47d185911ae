// The reference AppView (@atproto/bsky, peers/launch-appview.ts) as a loopback peer, following two firehoses
// at once: the reference PDS's and ours. Whatever is written on either shows in its app.bsky reads, so our
// firehose, DIDs (published to the shared PLC) and handles (/.well-known/atproto-did) are accepted by the
// reference indexer. The ground issue 16's tests stand on. Skipped, with the reason, when a peer or PostgreSQL
// is not installed.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isReferencePdsInstalled, type ReferencePds, startReferencePds } from "../../peers/launch.js";
import {
  type ReferenceAppView,
  type RunningPlc,
  referenceAppViewUnavailableReason,
  startPlc,
  startReferenceAppView,
} from "../../peers/launch-appview.js";
import { type Account, createAccount, type RunningTarget, type Target, xrpc } from "../../peers/target.js";
import { freeLoopbackPort, START_TIMEOUT_MS, startOurPds } from "./_util.js";

const unavailable = isReferencePdsInstalled()
  ? referenceAppViewUnavailableReason()
  : "the reference PDS peer is not installed: run bash scripts/setup-peers.sh";
const title = `the reference AppView indexes two PDSes${unavailable ? ` (skipped: ${unavailable})` : ""}`;
// Indexing follows the firehose asynchronously: reads are retried until they show the writes.
const INDEXED = { timeout: 20_000, interval: 50 };

interface Created {
  uri: string;
  cid: string;
}

describe.skipIf(unavailable !== undefined)(title, () => {
  let plc: RunningPlc;
  let appViewPeer: ReferenceAppView;
  let refPeer: ReferencePds;
  let ours: RunningTarget;
  let appView: Target;
  const pdses: Record<string, Target> = {};

  beforeAll(async () => {
    const readyTimeoutMs = START_TIMEOUT_MS - 10_000;
    plc = await startPlc({ readyTimeoutMs });
    // Every server registers or resolves DIDs in the same PLC. Our PDS's port is fixed before it starts, as
    // its DID documents name it (port 0 would publish http://localhost:0).
    [appViewPeer, refPeer, ours] = await Promise.all([
      startReferenceAppView({ plcUrl: plc.url, readyTimeoutMs }),
      startReferencePds({ plcUrl: plc.url, readyTimeoutMs }),
      freeLoopbackPort().then((port) => startOurPds({ port, plcUrl: plc.url })),
    ]);
    appView = { name: "reference AppView", url: appViewPeer.url };
    pdses.reference = { name: "reference PDS", url: refPeer.url };
    pdses.ours = ours;
    appViewPeer.follow(refPeer.url);
    appViewPeer.follow(ours.url);
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([appViewPeer?.stop(), refPeer?.stop(), ours?.stop()]);
    await plc?.stop();
  });

  const read = (nsid: string, params: Record<string, string>) =>
    xrpc<Record<string, unknown>>(appView, nsid, { params });
  const createdAt = () => new Date().toISOString();

  describe.each([
    ["the reference PDS", "reference"],
    ["our PDS", "ours"],
  ])("written on %s", (_name, source) => {
    let alice: Account;
    let bob: Account;
    let alicePost: Created;
    let bobPost: Created;
    const write = (account: Account, collection: string, record: object, rkey?: string) =>
      xrpc<Created>(pdses[source]!, rkey ? "com.atproto.repo.putRecord" : "com.atproto.repo.createRecord", {
        token: account.accessJwt,
        body: { repo: account.did, collection, rkey, record: { $type: collection, ...record } },
      });

    test("a profile, posts, a like and a follow", async () => {
      [alice, bob] = await Promise.all([createAccount(pdses[source]!), createAccount(pdses[source]!)]);
      await write(
        alice,
        "app.bsky.actor.profile",
        { displayName: "Alice", description: "first light" },
        "self",
      );
      bobPost = await write(bob, "app.bsky.feed.post", { text: "bob was here", createdAt: createdAt() });
      alicePost = await write(alice, "app.bsky.feed.post", {
        text: "hello from alice",
        createdAt: createdAt(),
      });
      await write(alice, "app.bsky.feed.like", { subject: bobPost, createdAt: createdAt() });
      await write(alice, "app.bsky.graph.follow", { subject: bob.did, createdAt: createdAt() });
    });

    test("getProfile by handle: the handle resolved on its PDS, the profile record and its counts", async () => {
      await expect
        .poll(() => read("app.bsky.actor.getProfile", { actor: alice.handle }), INDEXED)
        .toMatchObject({
          did: alice.did,
          handle: alice.handle,
          displayName: "Alice",
          description: "first light",
          postsCount: 1,
          followsCount: 1,
          followersCount: 0,
        });
      await expect
        .poll(() => read("app.bsky.actor.getProfile", { actor: bob.did }), INDEXED)
        .toMatchObject({ did: bob.did, handle: bob.handle, postsCount: 1, followersCount: 1 });
    });

    test("getAuthorFeed lists each author's post, with the like counted", async () => {
      await expect
        .poll(() => read("app.bsky.feed.getAuthorFeed", { actor: alice.did }), INDEXED)
        .toMatchObject({
          feed: [
            {
              post: {
                uri: alicePost.uri,
                cid: alicePost.cid,
                author: { did: alice.did, handle: alice.handle, displayName: "Alice" },
                record: { text: "hello from alice" },
              },
            },
          ],
        });
      await expect
        .poll(() => read("app.bsky.feed.getAuthorFeed", { actor: bob.handle }), INDEXED)
        .toMatchObject({
          feed: [{ post: { uri: bobPost.uri, record: { text: "bob was here" }, likeCount: 1 } }],
        });
    });

    test("getFollows and getLikes name who followed and who liked", async () => {
      await expect
        .poll(() => read("app.bsky.graph.getFollows", { actor: alice.did }), INDEXED)
        .toMatchObject({ follows: [{ did: bob.did, handle: bob.handle }] });
      await expect
        .poll(() => read("app.bsky.feed.getLikes", { uri: bobPost.uri }), INDEXED)
        .toMatchObject({ likes: [{ actor: { did: alice.did, handle: alice.handle } }] });
    });
  });
});
