// `bluesky <namespace> <method> --param value`: the generated operation table on the command line, run
// in-process against a loopback server. Flags are typed by the lexicon and errors name the flag.
import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { run } from "../src/cli/main.js";
import { type Fixture, jsonOf, startFixture } from "./_xrpc-fixture.js";

const DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
const BLOB = { $type: "blob", ref: { $link: "bafkreib" }, mimeType: "image/png", size: 3 };
let server: Fixture;

beforeAll(async () => {
  server = await startFixture({
    "app.bsky.feed.getTimeline": () => ({ body: { feed: [], cursor: "next" } }),
    "app.bsky.actor.getProfiles": () => ({ body: { profiles: [] } }),
    "com.atproto.repo.createRecord": () => ({
      body: { uri: `at://${DID}/app.bsky.feed.post/k`, cid: "bafyx" },
    }),
    "com.atproto.repo.uploadBlob": () => ({ body: { blob: BLOB } }),
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

/** Runs one command line with `stdin`; returns the exit code and what was printed. */
async function cli(args: string[], stdin: string | Buffer = "") {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = "";
  let stderr = "";
  out.on("data", (d) => (stdout += d));
  err.on("data", (d) => (stderr += d));
  const env = { BLUESKY_SERVER_URL: server.url, BLUESKY_SESSION_FILE: "/nonexistent/session.json" };
  const code = await run(args, { env, stdin: Readable.from([stdin]), stdout: out, stderr: err });
  return { code, stdout, stderr };
}

describe("bluesky <namespace> <method>", () => {
  it("sends typed query parameters and prints the response", async () => {
    const res = await cli(["feed", "getTimeline", "--limit", "10", "--cursor", "abc", "--algorithm", "x"]);
    expect(res.code).toBe(0);
    expect(Object.fromEntries(server.requests[0]!.params)).toEqual({
      limit: "10",
      cursor: "abc",
      algorithm: "x",
    });
    expect(JSON.parse(res.stdout)).toEqual({ feed: [], cursor: "next" });
  });

  it("repeats a flag for an array parameter; --json prints one line", async () => {
    const res = await cli(["actors", "getProfiles", "--actors", "a.test", "--actors", "b.test", "--json"]);
    expect(server.requests[0]!.params.getAll("actors")).toEqual(["a.test", "b.test"]);
    expect(res.stdout).toBe('{"profiles":[]}\n');
  });

  it("names the flag whose value does not fit the lexicon", async () => {
    const res = await cli(["feed", "getTimeline", "--limit", "ten"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("--limit: expected an integer; got ten");
    const range = await cli(["feed", "getTimeline", "--limit", "1000"]);
    expect(range.code).toBe(2);
    expect(range.stderr).toContain("limit: expected an integer from 1 to 100");
    expect(server.requests).toHaveLength(0);
  });

  it("refuses unknown flags and methods, saying what exists", async () => {
    const flag = await cli(["feed", "getTimeline", "--colour", "red"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--colour");
    const method = await cli(["feed", "getTimelines"]);
    expect(method.code).toBe(2);
    expect(method.stderr).toContain("feed has:");
    expect(method.stderr).toContain("getTimeline");
  });

  it("reads JSON input from stdin with --input -, fields from flags on top", async () => {
    const record = { $type: "app.bsky.feed.post", text: "hi", createdAt: "2024-11-21T12:00:00.000Z" };
    const input = JSON.stringify({ repo: DID, collection: "app.bsky.feed.post", record });
    const res = await cli(["repos", "createRecord", "--input", "-", "--rkey", "3jzfcijpj2z2a"], input);
    expect(res.code).toBe(0);
    expect(jsonOf(server.requests[0]!)).toEqual({
      repo: DID,
      collection: "app.bsky.feed.post",
      record,
      rkey: "3jzfcijpj2z2a",
    });
  });

  it("sends binary input from stdin with its content type", async () => {
    const res = await cli(
      ["atprotoRepo", "uploadBlob", "--input", "-", "--content-type", "image/png"],
      Buffer.from([1, 2, 3]),
    );
    expect(res.code).toBe(0);
    expect(server.requests[0]!.headers["content-type"]).toBe("image/png");
    expect([...server.requests[0]!.body]).toEqual([1, 2, 3]);
    expect(JSON.parse(res.stdout)).toEqual({ blob: BLOB });
  });
});
