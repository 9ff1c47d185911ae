// Read-after-write: a stand-in AppView that has not indexed the caller's newest records answers with the
// revision it has seen (atproto-repo-rev); our PDS merges the caller's newer posts and profile into its
// answer, as the reference does, and leaves every other answer as the AppView sent it.
import { afterAll, beforeAll, expect, test } from "vitest";
import { sendJson, startUpstream, type Upstream, type UpstreamHandler } from "../_upstream.js";
import { createTestAccount, startTestPds, type TestAccount, type TestPds, xrpc } from "../_util.js";

const routes: Record<string, UpstreamHandler> = {};
let appView: Upstream;
let pds: TestPds;
let alice: TestAccount;
/** Alice's repo revision before the writes the AppView has not seen. */
let seenRev: string;
let post: { uri: string; cid: string };
let reply: { uri: string };
let avatarCid: string;

const BOB = "did:plc:bobbobbobbobbobbobbobbob";
const BOB_POST = `at://${BOB}/app.bsky.feed.post/3kbob`;
const CID = "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm";
const bobView = (indexedAt: string) => ({
  post: { uri: BOB_POST, cid: CID, author: { did: BOB, handle: "bob.test" }, record: {}, indexedAt },
});

const write = (collection: string, record: object, rkey?: string) =>
  xrpc(pds.url, rkey ? "com.atproto.repo.putRecord" : "com.atproto.repo.createRecord", {
    token: alice.accessJwt,
    body: { repo: alice.did, collection, rkey, record: { $type: collection, ...record } },
  }).then((res) => res.body);

/** The AppView answers `body` as of `rev` (the revision it has indexed of the caller's repo). */
const answer =
  (body: unknown, rev: string | null = seenRev): UpstreamHandler =>
  (_req, res) =>
    sendJson(res, 200, body, rev === null ? {} : { "atproto-repo-rev": rev });

const read = (nsid: string, params: Record<string, string>) =>
  xrpc(pds.url, nsid, { params, token: alice.accessJwt });

beforeAll(async () => {
  appView = await startUpstream(routes);
  pds = await startTestPds({ network: { appViewUrl: appView.url, appViewDid: appView.did } });
  alice = await createTestAccount(pds, "alice");
  await write("app.bsky.actor.profile", { displayName: "Alice before" }, "self");
  // Indexed by the AppView already: the record that shows its revision is one this repo has had.
  await write("app.bsky.feed.post", { text: "long ago", createdAt: "2020-01-01T00:00:00.000Z" });
  seenRev = (await xrpc(pds.url, "com.atproto.sync.getLatestCommit", { params: { did: alice.did } })).body
    .rev;
  const upload = await fetch(`${pds.url}/xrpc/com.atproto.repo.uploadBlob`, {
    method: "POST",
    headers: { authorization: `Bearer ${alice.accessJwt}`, "content-type": "image/png" },
    body: Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"),
  });
  const { blob } = await upload.json();
  avatarCid = blob.ref.$link;
  await write(
    "app.bsky.actor.profile",
    { displayName: "Alice after", description: "new", avatar: blob },
    "self",
  );
  post = await write("app.bsky.feed.post", { text: "just now", createdAt: new Date().toISOString() });
  reply = await write("app.bsky.feed.post", {
    text: "answering bob",
    createdAt: new Date().toISOString(),
    reply: { root: { uri: BOB_POST, cid: CID }, parent: { uri: BOB_POST, cid: CID } },
  });
});
afterAll(async () => {
  await pds?.close();
  await appView?.close();
});

test("getProfile: the caller's own profile shows its newest record, with the lag in a header", async () => {
  routes["app.bsky.actor.getProfile"] = answer({
    did: alice.did,
    handle: alice.handle,
    displayName: "Alice before",
    followersCount: 7,
  });
  const res = await read("app.bsky.actor.getProfile", { actor: alice.did });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({
    did: alice.did,
    handle: alice.handle,
    displayName: "Alice after",
    description: "new",
    avatar: `${pds.ctx.config.publicUrl}/xrpc/com.atproto.sync.getBlob?did=${alice.did}&cid=${avatarCid}`,
    followersCount: 7,
  });
  expect(Number(res.headers.get("atproto-upstream-lag"))).toBeGreaterThanOrEqual(0);
});

test("getProfile of someone else, an answer without a revision, or one as new as the repo: sent as is", async () => {
  const bob = { did: BOB, handle: "bob.test", displayName: "Bob" };
  routes["app.bsky.actor.getProfile"] = answer(bob);
  expect((await read("app.bsky.actor.getProfile", { actor: BOB })).body).toEqual(bob);
  const mine = { did: alice.did, handle: alice.handle, displayName: "Alice before" };
  routes["app.bsky.actor.getProfile"] = answer(mine, null);
  expect((await read("app.bsky.actor.getProfile", { actor: alice.did })).body).toEqual(mine);
  const head = (await xrpc(pds.url, "com.atproto.sync.getLatestCommit", { params: { did: alice.did } })).body
    .rev;
  routes["app.bsky.actor.getProfile"] = answer(mine, head);
  const res = await read("app.bsky.actor.getProfile", { actor: alice.did });
  expect(res.body).toEqual(mine);
  expect(res.headers.get("atproto-upstream-lag")).toBeNull();
});

test("an AppView revision older than every record here (an account that moved in) changes nothing", async () => {
  const mine = { did: alice.did, handle: alice.handle, displayName: "Alice before" };
  routes["app.bsky.actor.getProfile"] = answer(mine, "2222222222222");
  expect((await read("app.bsky.actor.getProfile", { actor: alice.did })).body).toEqual(mine);
});

test("getAuthorFeed: the caller's new posts come first, as post views with zero counts", async () => {
  const old = {
    post: {
      uri: `at://${alice.did}/app.bsky.feed.post/3kold`,
      author: { did: alice.did, handle: alice.handle, displayName: "Alice before" },
      indexedAt: "2020-01-01T00:00:00.000Z",
    },
  };
  routes["app.bsky.feed.getAuthorFeed"] = answer({ feed: [old], cursor: "c1" });
  const { body } = await read("app.bsky.feed.getAuthorFeed", { actor: alice.did });
  expect(body.cursor).toBe("c1");
  expect(body.feed.map((item: { post: { uri: string } }) => item.post.uri)).toEqual([
    reply.uri,
    post.uri,
    old.post.uri,
  ]);
  expect(body.feed[1].post).toMatchObject({
    uri: post.uri,
    cid: post.cid,
    author: { did: alice.did, handle: alice.handle, displayName: "Alice after" },
    record: { $type: "app.bsky.feed.post", text: "just now" },
    likeCount: 0,
    replyCount: 0,
    repostCount: 0,
    quoteCount: 0,
  });
  expect(body.feed[2].post.author.displayName).toBe("Alice after");
});

test("getAuthorFeed of another account is left alone", async () => {
  routes["app.bsky.feed.getAuthorFeed"] = answer({ feed: [bobView("2020-01-01T00:00:00.000Z")] });
  const { body } = await read("app.bsky.feed.getAuthorFeed", { actor: BOB });
  expect(body.feed).toHaveLength(1);
});

test("getTimeline: the caller's new posts are placed by time among the others", async () => {
  const later = new Date(Date.now() + 60_000).toISOString();
  routes["app.bsky.feed.getTimeline"] = answer({
    feed: [bobView(later), bobView("2020-01-01T00:00:00.000Z")],
  });
  const { body } = await read("app.bsky.feed.getTimeline", {});
  expect(body.feed.map((item: { post: { uri: string } }) => item.post.uri)).toEqual([
    BOB_POST,
    reply.uri,
    post.uri,
    BOB_POST,
  ]);
});

test("getPostThread: the caller's reply the AppView has not seen sits under the post it answers", async () => {
  routes["app.bsky.feed.getPostThread"] = answer({
    thread: { $type: "app.bsky.feed.defs#threadViewPost", post: { uri: BOB_POST, record: {} }, replies: [] },
  });
  const { body } = await read("app.bsky.feed.getPostThread", { uri: BOB_POST });
  expect(body.thread.replies).toHaveLength(1);
  expect(body.thread.replies[0]).toMatchObject({
    $type: "app.bsky.feed.defs#threadViewPost",
    post: { uri: reply.uri },
  });
});

test("getPostThread of the caller's own post the AppView does not know yet: built here, under its parent", async () => {
  const parentThread = { $type: "app.bsky.feed.defs#threadViewPost", post: { uri: BOB_POST } };
  routes["app.bsky.feed.getPostThread"] = (req, res) => {
    const uri = new URL(req.url, "http://x").searchParams.get("uri");
    if (uri === BOB_POST) return sendJson(res, 200, { thread: parentThread });
    sendJson(res, 404, { error: "NotFound", message: "Post not found" }, { "atproto-repo-rev": seenRev });
  };
  const { status, body } = await read("app.bsky.feed.getPostThread", { uri: reply.uri });
  expect(status).toBe(200);
  expect(body.thread).toMatchObject({
    post: { uri: reply.uri, record: { text: "answering bob" } },
    parent: parentThread,
  });
  const other = await read("app.bsky.feed.getPostThread", { uri: `at://${BOB}/app.bsky.feed.post/3kgone` });
  expect([other.status, other.body.error]).toEqual([404, "NotFound"]);
});

test("an AppView answer that is not what it should be is sent as it came", async () => {
  routes["app.bsky.feed.getTimeline"] = answer({ feed: "not a list" });
  expect((await read("app.bsky.feed.getTimeline", {})).body).toEqual({ feed: "not a list" });
});
