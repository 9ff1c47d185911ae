// The curated tools against our PDS, through `bluesky mcp start` over stdio: images uploaded from base64
// and from the one directory the server may read, attached with alt text and served back as an image;
// replies that point to their parent and their thread's root; likes and follows that name what they
// point to; records read by URI, handle or bsky.app link; a collection listed page by page.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectMcp, type McpSession, parsed, toolError } from "./_mcp.js";
import { createAccount, type LocalPds, startLocalPds, stopLocalPds } from "./_pds.js";

/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

let pds: LocalPds;
let alice: Awaited<ReturnType<typeof createAccount>>;
let bob: Awaited<ReturnType<typeof createAccount>>;
let files: string;
let mcp: McpSession;

beforeAll(async () => {
  pds = await startLocalPds();
  alice = await createAccount(pds.url, "alice");
  bob = await createAccount(pds.url, "bob");
  files = mkdtempSync(join(tmpdir(), "bluesky-mcp-files-"));
  writeFileSync(join(files, "cat.png"), PNG);
  mcp = await connectMcp(
    "stdio",
    "v1",
    {
      BLUESKY_SERVER_URL: pds.url,
      BLUESKY_IDENTIFIER: "alice.test",
      BLUESKY_PASSWORD: alice.password,
      BLUESKY_SESSION_FILE: join(files, "no-session.json"),
    },
    ["--files", files],
  );
}, 90_000);
afterAll(async () => {
  await mcp?.stop();
  await stopLocalPds(pds);
  rmSync(files, { recursive: true, force: true });
});

const call = async <T = Record<string, unknown>>(name: string, args: Record<string, unknown>) =>
  parsed<T>(await mcp.client.callTool({ name, arguments: args }));

type Got = { uri: string; cid: string; value: Record<string, unknown> };

describe("images", () => {
  it("uploads an image, attaches it with alt text, and serves it back as an image", async () => {
    const { blob } = await call<{ blob: { ref: { $link: string }; mimeType: string; size: number } }>(
      "upload-image",
      { data: PNG.toString("base64") },
    );
    expect(blob).toMatchObject({ $type: "blob", mimeType: "image/png", size: PNG.length });
    const fromBlob = await call<{ uri: string }>("create-post", {
      text: "a cat",
      images: [{ blob, alt: "A cat" }],
    });
    const fromFile = await call<{ uri: string }>("create-post", {
      text: "a cat again",
      images: [{ path: "cat.png", alt: "The same cat" }],
    });
    for (const [uri, alt] of [
      [fromBlob.uri, "A cat"],
      [fromFile.uri, "The same cat"],
    ]) {
      const { value } = await call<Got>("get-record", { uri });
      expect(value.embed).toEqual({
        $type: "app.bsky.embed.images",
        images: [{ $type: "app.bsky.embed.images#image", image: blob, alt }],
      });
    }
    const served = await mcp.client.callTool({
      name: "atproto-sync-get-blob",
      arguments: { did: alice.did, cid: blob.ref.$link },
    });
    expect(served.content).toEqual([{ type: "image", data: PNG.toString("base64"), mimeType: "image/png" }]);
  });

  it("reads no file outside the directory it was given, and uploads nothing that is not an image", async () => {
    const outside = await mcp.client.callTool({ name: "upload-image", arguments: { path: "/etc/hostname" } });
    expect(toolError(outside)).toMatchObject({
      error: "InvalidRequest",
      message: expect.stringMatching(/^path: outside/),
    });
    const text = await mcp.client.callTool({
      name: "upload-image",
      arguments: { data: Buffer.from("hello").toString("base64") },
    });
    expect(toolError(text)).toMatchObject({
      error: "InvalidRequest",
      message: expect.stringMatching(/^mimeType: not an image/),
    });
    const tooLong = await mcp.client.callTool({
      name: "create-post",
      arguments: { text: "x".repeat(301), images: [{ path: "cat.png", alt: "" }] },
    });
    expect(toolError(tooLong)).toMatchObject({
      error: "InvalidRequest",
      message: expect.stringContaining("text"),
    });
  });
});

describe("threads, likes and follows", () => {
  it("replies with the parent and the thread's root", async () => {
    const root = await call<{ uri: string; cid: string }>("create-post", { text: "root" });
    const first = await call<{ uri: string; cid: string }>("reply-to-post", {
      parent: root.uri,
      text: "first reply",
    });
    const link = `https://bsky.app/profile/alice.test/post/${first.uri.split("/").at(-1)}`;
    const second = await call<{ uri: string }>("reply-to-post", { parent: link, text: "second reply" });
    const { value } = await call<Got>("get-record", { uri: second.uri });
    expect(value.reply).toEqual({
      root: { uri: root.uri, cid: root.cid },
      parent: { uri: first.uri, cid: first.cid },
    });
    const notAPost = await mcp.client.callTool({
      name: "reply-to-post",
      arguments: { parent: `at://${alice.did}/app.bsky.graph.follow/3jzfcijpj2z2a`, text: "x" },
    });
    expect(toolError(notAPost).message).toMatch(/^parent: not a post/);
  });

  it("likes a post by its link, and follows an account by handle", async () => {
    const target = await call<{ uri: string; cid: string }>("create-post", { text: "like me" });
    const like = await call<{ uri: string }>("like-post", {
      uri: target.uri.replace(alice.did, "alice.test"),
    });
    expect((await call<Got>("get-record", { uri: like.uri })).value).toMatchObject({
      $type: "app.bsky.feed.like",
      subject: { uri: target.uri, cid: target.cid },
    });
    const follow = await call<{ uri: string; did: string }>("follow-account", { actor: "@bob.test" });
    expect(follow.did).toBe(bob.did);
    expect((await call<Got>("get-record", { uri: follow.uri })).value).toMatchObject({
      $type: "app.bsky.graph.follow",
      subject: bob.did,
    });
    const unknown = await mcp.client.callTool({
      name: "follow-account",
      arguments: { actor: "nobody.test" },
    });
    expect(toolError(unknown).status).toBe(400);
  });
});

describe("records", () => {
  it("lists a collection page by page until the last cursor", async () => {
    for (const n of [1, 2, 3, 4, 5]) await call("create-post", { text: `page post ${n}` });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await call<{ records: Got[]; cursor?: string }>("list-records", {
        collection: "app.bsky.feed.post",
        limit: 2,
        ...(cursor && { cursor }),
      });
      expect(page.records.length).toBeLessThanOrEqual(2);
      seen.push(...page.records.map((r) => r.uri));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 50);
    const all = await fetch(
      `${pds.url}/xrpc/com.atproto.repo.listRecords?repo=${alice.did}&collection=app.bsky.feed.post&limit=100`,
    );
    const expected = ((await all.json()) as { records: Got[] }).records.map((r) => r.uri);
    expect(seen).toEqual(expected);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(expected.length / 2));
  });
});
