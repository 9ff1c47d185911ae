// Issue 5.3: the official client on our PDS. @atproto/api's AtpAgent does what an app does, every call
// through its own code (lexicon validation of our responses included): sign up, log in, write, read,
// upload a blob and reference it, delete, and keep working when its access token expires.
import { AtpAgent, type AtpSessionData } from "@atproto/api";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startOurPds } from "./_util.js";

const POST = "app.bsky.feed.post";
const createdAt = "2026-11-27T12:00:00.000Z";

let pds: Awaited<ReturnType<typeof startOurPds>>;
let agent: AtpAgent;
// What the agent hands to its persistSession callback, as an app that saves sessions sees it.
const sessionEvents: { event: string; session?: AtpSessionData }[] = [];
const handle = "agent.test";
const password = "agent-password";

beforeAll(async () => {
  pds = await startOurPds();
  agent = new AtpAgent({
    service: pds.url,
    persistSession: (event, session) => {
      sessionEvents.push({ event, session });
    },
  });
});
afterAll(() => pds?.close());

const did = () => agent.session!.did;

describe("AtpAgent against our PDS", () => {
  test("creates an account and logs in", async () => {
    const created = await agent.createAccount({ handle, email: "agent@example.com", password });
    expect(created.data.handle).toBe(handle);
    expect(created.data.did).toMatch(/^did:plc:[a-z2-7]{24}$/);

    const login = await agent.login({ identifier: handle, password });
    expect(login.data.did).toBe(created.data.did);
    expect(sessionEvents.map((e) => e.event)).toEqual(["create", "create"]);
  });

  test("putRecord creates, then updates, the same record", async () => {
    const put = (displayName: string) =>
      agent.com.atproto.repo.putRecord({
        repo: did(),
        collection: "app.bsky.actor.profile",
        rkey: "self",
        record: { $type: "app.bsky.actor.profile", displayName },
      });
    const first = await put("First");
    const second = await put("Second");
    expect(second.data.uri).toBe(first.data.uri);
    expect(second.data.cid).not.toBe(first.data.cid);
    expect(second.data.commit!.rev > first.data.commit!.rev).toBe(true);
    expect(second.data.validationStatus).toBe("valid");

    const got = await agent.com.atproto.repo.getRecord({
      repo: handle,
      collection: "app.bsky.actor.profile",
      rkey: "self",
    });
    expect(got.data).toMatchObject({
      uri: first.data.uri,
      cid: second.data.cid,
      value: { displayName: "Second" },
    });
  });

  test("createRecord and applyWrites write posts that listRecords pages through", async () => {
    const made = await agent.com.atproto.repo.createRecord({
      repo: did(),
      collection: POST,
      record: { $type: POST, text: "one", createdAt },
    });
    expect(made.data.uri).toMatch(new RegExp(`^at://${did()}/${POST}/[a-z2-7]{13}$`));

    const applied = await agent.com.atproto.repo.applyWrites({
      repo: did(),
      writes: ["two", "three", "four"].map((text) => ({
        $type: "com.atproto.repo.applyWrites#create",
        collection: POST,
        value: { $type: POST, text, createdAt },
      })),
    });
    expect(applied.data.results).toHaveLength(3);

    const texts: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await agent.com.atproto.repo.listRecords({
        repo: did(),
        collection: POST,
        limit: 2,
        cursor,
      });
      texts.push(...page.data.records.map((r) => (r.value as { text: string }).text));
      cursor = page.data.cursor;
    } while (cursor !== undefined);
    // Newest first: createRecord's TID keys sort by time.
    expect(texts).toEqual(["four", "three", "two", "one"]);
  });

  test("uploads a blob, references it from a post, and the blob is served", async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5]);
    const { data } = await agent.uploadBlob(bytes, { encoding: "image/png" });
    expect(data.blob.mimeType).toBe("image/png");
    expect(data.blob.size).toBe(bytes.length);

    const post = await agent.post({
      text: "with a picture",
      createdAt,
      embed: { $type: "app.bsky.embed.images", images: [{ image: data.blob, alt: "bytes" }] },
    });
    const rkey = post.uri.split("/").pop()!;
    const got = await agent.com.atproto.repo.getRecord({ repo: did(), collection: POST, rkey });
    const embedded = (got.data.value as { embed: { images: { image: { ref: unknown } }[] } }).embed
      .images[0]!;
    expect(String(embedded.image.ref)).toBe(data.blob.ref.toString());

    const served = await agent.com.atproto.sync.getBlob({ did: did(), cid: data.blob.ref.toString() });
    expect(served.data).toEqual(bytes);
  });

  test("deletes a record", async () => {
    const made = await agent.com.atproto.repo.createRecord({
      repo: did(),
      collection: POST,
      record: { $type: POST, text: "short-lived", createdAt },
    });
    const rkey = made.data.uri.split("/").pop()!;
    await agent.com.atproto.repo.deleteRecord({ repo: did(), collection: POST, rkey });
    await expect(
      agent.com.atproto.repo.getRecord({ repo: did(), collection: POST, rkey }),
    ).rejects.toMatchObject({
      error: "RecordNotFound",
      status: 400,
    });
  });

  test("an expired access token is refreshed and the write goes through", async () => {
    const before = agent.session!;
    // An access token that expired a minute ago, signed with the server's own secret.
    const expired = pds.ctx.tokens.createAccess(before.did, "com.atproto.access", -60);
    agent.sessionManager.session = { ...before, accessJwt: expired };

    const res = await agent.com.atproto.repo.putRecord({
      repo: before.did,
      collection: POST,
      rkey: "3l6z3vxq4ek2c",
      record: { $type: POST, text: "after refresh", createdAt },
    });
    expect(res.success).toBe(true);
    expect(agent.session!.accessJwt).not.toBe(expired);
    expect(agent.session!.refreshJwt).not.toBe(before.refreshJwt);
    expect(sessionEvents.at(-1)).toEqual({ event: "update", session: agent.session });

    // The new access token works on its own.
    const session = await agent.com.atproto.server.getSession();
    expect(session.data.did).toBe(before.did);
  });
});
