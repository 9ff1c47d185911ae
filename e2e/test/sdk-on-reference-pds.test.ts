// Issue 5.5: our SDK on the reference PDS (@atproto/pds from npm, run by peers/launch.ts). Every repo
// method, both session methods and the automatic refresh of an expired access token, the PDS found in its
// PLC, handle resolution, its firehose through subscribe and logout, against the server
// that defines the protocol. Skipped, with the reason, when the peer is not installed.
import { randomBytes } from "node:crypto";
import { SessionTokens } from "@putrecord/pds/auth/tokens.js";
import { Bluesky, errors, type SessionData } from "bluesky";
import { repoPutRecordVerified } from "bluesky/integrity.js";
import { resolveIdentity } from "bluesky/lib/identity.js";
import { type StreamMessage, subscribe } from "bluesky/lib/subscribe.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isReferencePdsInstalled, type ReferencePds, startReferencePds } from "../../peers/launch.js";
import { START_TIMEOUT_MS } from "./_util.js";

const POST = "app.bsky.feed.post";
const PROFILE = "app.bsky.actor.profile";
const createdAt = "2026-11-27T12:00:00.000Z";
// The reference's service DID in dev mode (hostname localhost): the audience of its session tokens.
const REFERENCE_SERVICE_DID = "did:web:localhost";

const installed = isReferencePdsInstalled();
const title = installed
  ? "the bluesky SDK on the reference PDS"
  : "the bluesky SDK on the reference PDS (skipped: peer not installed; run bash scripts/setup-peers.sh)";

describe.skipIf(!installed)(title, () => {
  const jwtSecret = randomBytes(32).toString("hex");
  const handle = `sdk${randomBytes(4).toString("hex")}.test`;
  const password = randomBytes(12).toString("hex");
  let ref: ReferencePds;
  let bluesky: Bluesky;
  let did: string;
  // What the session hands to onUpdate: an app saving its tokens would see exactly these.
  const updates: SessionData[] = [];

  beforeAll(async () => {
    ref = await startReferencePds({ jwtSecret, readyTimeoutMs: START_TIMEOUT_MS - 10_000 });
    bluesky = new Bluesky({ serverURL: ref.url, identity: { plcDirectoryURL: ref.plcUrl } });
  }, START_TIMEOUT_MS);
  afterAll(() => ref?.stop());

  test("server.createAccount, then login", async () => {
    const created = await bluesky.server.createAccount({ handle, email: `${handle}@example.com`, password });
    expect(created.handle).toBe(handle);
    did = created.did;
    const session = await bluesky.login(
      { identifier: handle, password },
      { onUpdate: (s) => void updates.push(s) },
    );
    expect(session.did).toBe(did);
    expect(bluesky.session?.accessJwt).toBe(session.accessJwt);
    expect((await bluesky.server.getSession()).handle).toBe(handle);
  });

  test("putRecord creates and updates; getRecord reads; a stale swapRecord is InvalidSwap", async () => {
    const request = { repo: did, collection: PROFILE, rkey: "self" };
    const first = await bluesky.repo.putRecord({
      ...request,
      record: { $type: PROFILE, displayName: "One" },
    });
    const second = await bluesky.repo.putRecord({
      ...request,
      record: { $type: PROFILE, displayName: "Two" },
      swapRecord: first.cid,
    });
    expect(second.uri).toBe(first.uri);
    expect(second.commit!.rev > first.commit!.rev).toBe(true);
    expect(second.validationStatus).toBe("valid");
    expect(await bluesky.repo.getRecord(request)).toMatchObject({
      cid: second.cid,
      value: { displayName: "Two" },
    });

    const stale = bluesky.repo.putRecord({ ...request, record: { $type: PROFILE }, swapRecord: first.cid });
    await expect(stale).rejects.toBeInstanceOf(errors.ComAtprotoRepoPutRecordResponseBody);
    await expect(stale).rejects.toMatchObject({ error: "InvalidSwap", statusCode: 400 });
  });

  test("the integrity check agrees with the CID the reference computed", async () => {
    const res = await repoPutRecordVerified(bluesky, {
      repo: did,
      collection: POST,
      rkey: "3l6z3vxq4ek2d",
      record: { $type: POST, text: "hashed on both sides", createdAt },
    });
    expect(res.ok).toBe(true);
  });

  test("createRecord and applyWrites, then listRecords pages through every post", async () => {
    const made = await bluesky.repo.createRecord({
      repo: did,
      collection: POST,
      record: { $type: POST, text: "created", createdAt },
    });
    expect(made.uri).toMatch(new RegExp(`^at://${did}/${POST}/`));
    const applied = await bluesky.repo.applyWrites({
      repo: did,
      writes: ["a", "b", "c"].map((text) => ({
        $type: "com.atproto.repo.applyWrites#create" as const,
        collection: POST,
        value: { $type: POST, text, createdAt },
      })),
    });
    expect(applied.results).toHaveLength(3);

    const texts: string[] = [];
    const first = await bluesky.repo.listRecords({ repo: did, collection: POST, limit: 2 });
    for await (const record of first.eachRecord()) texts.push((record.value as { text: string }).text);
    expect(texts.sort()).toEqual(["a", "b", "c", "created", "hashed on both sides"]);
  });

  test("describeRepo names the account and its collections", async () => {
    const described = await bluesky.repo.describeRepo({ repo: handle });
    expect(described).toMatchObject({ did, handle, handleIsCorrect: true });
    expect(described.collections.sort()).toEqual([PROFILE, POST]);
  });

  test("uploadBlob, then a post that references the blob", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 8, 7]);
    const { blob } = await bluesky.repo.uploadBlob({ body: png, contentType: "image/png" });
    expect(blob).toMatchObject({ $type: "blob", mimeType: "image/png", size: png.length });
    const post = await bluesky.repo.putRecord({
      repo: did,
      collection: POST,
      rkey: "3l6z3vxq4ek2e",
      record: {
        $type: POST,
        text: "with a blob",
        createdAt,
        embed: { $type: "app.bsky.embed.images", images: [{ image: blob, alt: "bytes" }] },
      },
    });
    expect(post.validationStatus).toBe("valid");
    const res = await fetch(`${ref.url}/xrpc/com.atproto.sync.getBlob?did=${did}&cid=${blob.ref.$link}`);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(png);
  });

  test("deleteRecord, after which getRecord is RecordNotFound", async () => {
    const request = { repo: did, collection: POST, rkey: "3l6z3vxq4ek2d" };
    const deleted = await bluesky.repo.deleteRecord(request);
    expect(deleted.commit?.rev).toMatch(/^[2-7a-z]{13}$/);
    const missing = bluesky.repo.getRecord(request);
    await expect(missing).rejects.toBeInstanceOf(errors.ComAtprotoRepoGetRecordResponseBody);
    await expect(missing).rejects.toMatchObject({ error: "RecordNotFound" });
  });

  test("an expired access token is refreshed once and the call goes through", async () => {
    const before = bluesky.session!;
    // Signed with the reference's own secret and audience, expired a minute ago.
    const expired = new SessionTokens(jwtSecret, REFERENCE_SERVICE_DID).createAccess(
      did,
      "com.atproto.access",
      -60,
    );
    bluesky.resumeSession({ ...before, accessJwt: expired }, (s) => void updates.push(s));

    const put = await bluesky.repo.putRecord({
      repo: did,
      collection: POST,
      rkey: "3l6z3vxq4ek2f",
      record: { $type: POST, text: "after refresh", createdAt },
    });
    expect(put.commit).toBeDefined();
    const after = bluesky.session!;
    expect(after.accessJwt).not.toBe(expired);
    expect(after.refreshJwt).not.toBe(before.refreshJwt);
    expect(updates.at(-1)).toEqual(after);
  });

  test("server.refreshSession trades the refresh token for new tokens", async () => {
    const { refreshJwt } = bluesky.session!;
    const refreshed = await bluesky.server.refreshSession();
    expect(refreshed.did).toBe(did);
    expect(refreshed.refreshJwt).not.toBe(refreshJwt);
  });

  test("the session names the reference as the account's PDS, from the DID document in its PLC", () => {
    expect(new URL(bluesky.session!.pdsURL!).port).toBe(new URL(ref.url).port);
  });

  test("resolveIdentity finds the account through the reference's resolveHandle and its PLC", async () => {
    const client = new Bluesky({
      serverURL: ref.url,
      identity: { plcDirectoryURL: ref.plcUrl, resolveTxt: async () => [] },
    });
    const identity = await resolveIdentity(client, handle);
    expect(identity).toMatchObject({ did, handle });
    expect(new URL(identity.pds).port).toBe(new URL(ref.url).port);
  });

  test("subscribe decodes the reference's firehose from cursor 0", async () => {
    const seen: StreamMessage[] = [];
    for await (const message of subscribe<StreamMessage>(
      bluesky,
      "com.atproto.sync.subscribeRepos",
      {},
      { cursor: 0 },
    )) {
      seen.push(message);
      if (message.$type === "com.atproto.sync.subscribeRepos#commit") break;
    }
    const commit = seen.at(-1)!;
    expect(commit).toMatchObject({ repo: did, commit: { $link: expect.stringMatching(/^bafyrei/) } });
    expect(seen.map((m) => m.$type)).toContain("com.atproto.sync.subscribeRepos#identity");
    const seqs = seen.map((m) => m.seq!);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  test("logout revokes the session on the reference", async () => {
    const { refreshJwt } = bluesky.session!;
    await bluesky.logout();
    expect(bluesky.session).toBeUndefined();
    const again = await fetch(`${ref.url}/xrpc/com.atproto.server.refreshSession`, {
      method: "POST",
      headers: { authorization: `Bearer ${refreshJwt}` },
    });
    expect(again.status).toBeGreaterThanOrEqual(400);
  });
});
