// The README's tour runs as written: each snippet between the tour markers is extracted, saved as a
// program and run from the package's sources against a loopback server that plays the PDS and the
// AppView (the PDS does not proxy app.bsky reads to an AppView yet), which checks what it was sent; the
// firehose snippet reads our PDS's real firehose.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPds } from "../../pds/src/index.js";
import { Bluesky } from "../src/index.js";
import { type Fixture, jsonOf, startFixture } from "./_xrpc-fixture.js";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
const BOB = "did:plc:bobbobbobbobbobbobbobbob";
const CID = "bafyreiclp443lavogvhj3d2ob2cxbfuscni2k5jk7bebjzg7khl3esabwq";
const BLOB = { $type: "blob", ref: { $link: CID }, mimeType: "image/png", size: 4 };
const SESSION = { accessJwt: "access", refreshJwt: "refresh", handle: "alice.test", did: DID };
const PROFILE = { did: BOB, handle: "bob.example.com" };

/** The tour's code blocks, in order. */
function tourSnippets(): string[] {
  const readme = readFileSync(join(PACKAGE_DIR, "README.md"), "utf8");
  const tour = readme.slice(readme.indexOf("<!-- tour:start -->"), readme.indexOf("<!-- tour:end -->"));
  return [...tour.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

let server: Fixture;
// Inside the package, so `bluesky` resolves to this workspace's sources.
const dir = mkdtempSync(join(PACKAGE_DIR, ".tour-"));
const snippets = tourSnippets();

beforeAll(async () => {
  writeFileSync(join(dir, "cat.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  let page = 0;
  server = await startFixture({
    "com.atproto.server.createSession": () => ({ body: SESSION }),
    "com.atproto.server.getSession": () => ({ body: { handle: "alice.test", did: DID } }),
    "com.atproto.repo.uploadBlob": () => ({ body: { blob: BLOB } }),
    "com.atproto.repo.createRecord": () => ({ body: { uri: `at://${DID}/x/3jzfcijpj2z2a`, cid: CID } }),
    "com.atproto.identity.resolveHandle": () => ({ body: { did: BOB } }),
    "app.bsky.feed.getTimeline": () => ({
      body: {
        feed: [
          {
            post: {
              uri: `at://${BOB}/app.bsky.feed.post/k`,
              cid: CID,
              author: PROFILE,
              record: {},
              indexedAt: "2024-11-21T12:00:00.000Z",
            },
          },
        ],
      },
    }),
    "app.bsky.graph.getFollows": () => ({
      body: { subject: PROFILE, follows: [PROFILE, PROFILE], ...(++page < 3 && { cursor: String(page) }) },
    }),
  });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await server.close();
});

/** Runs one snippet as a program; resolves with its exit code and output. */
function runSnippet(
  index: number,
  serverURL = server.url,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = join(dir, `snippet-${index}.ts`);
  writeFileSync(file, snippets[index]!);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--conditions=bsky-source", "--import", "tsx", file],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          BLUESKY_SERVER_URL: serverURL,
          BLUESKY_BEARER: "access",
          BLUESKY_IDENTIFIER: "alice.test",
          BLUESKY_PASSWORD: "hunter2",
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? ((error.code as number) ?? 1) : 0, stdout, stderr }),
    );
  });
}

const sent = (nsid: string) => server.requests.filter((r) => r.nsid === nsid);

describe("README tour", () => {
  it("has the five snippets", () => expect(snippets).toHaveLength(5));

  it("posts with an image", async () => {
    const res = await runSnippet(0);
    expect(res.stderr).toBe("");
    expect(sent("com.atproto.repo.uploadBlob")[0]!.headers["content-type"]).toBe("image/png");
    const { record } = jsonOf(sent("com.atproto.repo.createRecord")[0]!);
    expect(record).toMatchObject({ $type: "app.bsky.feed.post", embed: { images: [{ image: BLOB }] } });
    expect(res.stdout).toContain(`at://${DID}`);
  }, 60_000);

  it("reads the timeline", async () => {
    const res = await runSnippet(1);
    expect(res.stdout).toBe(`@bob.example.com: at://${BOB}/app.bsky.feed.post/k\n`);
    expect(sent("app.bsky.feed.getTimeline")[0]!.params.get("limit")).toBe("30");
  }, 60_000);

  it("follows", async () => {
    const res = await runSnippet(2);
    expect(res.stdout).toBe(`following ${BOB}\n`);
    expect(jsonOf(sent("com.atproto.repo.createRecord").at(-1)!)).toMatchObject({
      repo: DID,
      record: { $type: "app.bsky.graph.follow", subject: BOB },
    });
  }, 60_000);

  it("paginates", async () => {
    const res = await runSnippet(3);
    expect(res.stdout).toBe("6 follows\n");
    expect(sent("app.bsky.graph.getFollows").map((r) => r.params.get("cursor"))).toEqual([null, "1", "2"]);
  }, 60_000);

  it("subscribes to the firehose", async () => {
    const data = mkdtempSync(join(tmpdir(), "bluesky-tour-"));
    const config = {
      port: 0,
      hostname: "localhost",
      bindHost: "127.0.0.1",
      dataDirectory: data,
      inviteRequired: false,
    };
    const pds = await startPds(config, { logLevel: "silent" });
    try {
      const account = await new Bluesky({ serverURL: pds.url }).server.createAccount({
        handle: "tour.test",
        email: "tour@example.com",
        password: "tour-pass",
      });
      const res = await runSnippet(4, pds.url);
      expect(res.stderr).toBe("");
      expect(res.stdout).toMatch(new RegExp(`^${account.did} \\d+ ops\n$`));
    } finally {
      await pds.close();
      rmSync(data, { recursive: true, force: true });
    }
  }, 60_000);
});
