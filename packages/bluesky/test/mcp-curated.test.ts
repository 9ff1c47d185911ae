// The curated tools' parts that need no server: facets (UTF-8 byte ranges, what counts as a link, a
// mention or a tag), record addresses, the bytes tools read (base64, and local files only inside the one
// directory allowed), and how failures read to the model.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { errors } from "../src/index.js";
import { decodeBase64, readLocalFile, sniffImageType } from "../src/mcp/bytes.js";
import { detectSpans, facetsOf } from "../src/mcp/curated/facets.js";
import { parseRecordUri } from "../src/mcp/curated/records.js";
import { describeToolError, toolFailure } from "../src/mcp/result.js";
import { ToolInputError } from "../src/mcp/tool.js";
import { SDKValidationError } from "../src/models/errors/sdkvalidationerror.js";

const bytesOf = (text: string, start: number, end: number) =>
  Buffer.from(text, "utf8").subarray(start, end).toString("utf8");

describe("facets", () => {
  const dids: Record<string, string> = { "bob.test": "did:plc:bob", "alice.example.com": "did:plc:alice" };
  const resolve = async (handle: string) => dids[handle];

  it("index links, mentions and tags by UTF-8 bytes, after multi-byte text", async () => {
    const text = "héllo 🎉 @bob.test, see https://example.com/a?b=1. #atproto ✨";
    const { facets, unresolved } = await facetsOf(text, resolve);
    expect(unresolved).toEqual([]);
    const spans = facets.map((f) => [bytesOf(text, f.index.byteStart, f.index.byteEnd), f.features[0]]);
    expect(spans).toEqual([
      ["@bob.test", { $type: "app.bsky.richtext.facet#mention", did: "did:plc:bob" }],
      [
        "https://example.com/a?b=1",
        { $type: "app.bsky.richtext.facet#link", uri: "https://example.com/a?b=1" },
      ],
      ["#atproto", { $type: "app.bsky.richtext.facet#tag", tag: "atproto" }],
    ]);
  });

  it("leave a mention whose handle does not resolve as plain text, and say so", async () => {
    const { facets, unresolved } = await facetsOf("hi @nobody.test and @Alice.Example.com", resolve);
    expect(unresolved).toEqual(["nobody.test"]);
    expect(facets.map((f) => f.features[0])).toEqual([
      { $type: "app.bsky.richtext.facet#mention", did: "did:plc:alice" },
    ]);
  });

  it("keep sentence punctuation out of links, handles and tags, and a link's own parentheses in", () => {
    const spans = detectSpans("(see https://en.wikipedia.org/wiki/Fish_(disambiguation)) @bob.test. #tag!");
    expect(spans.map((s) => (s.kind === "link" ? s.uri : s.kind === "mention" ? s.handle : s.tag))).toEqual([
      "https://en.wikipedia.org/wiki/Fish_(disambiguation)",
      "bob.test",
      "tag",
    ]);
  });

  it("find nothing inside words, addresses or URLs, nor a number as a tag", () => {
    const text = "mail bob@bob.test, ftp://x.y, issue #123, https://x.com/#frag, a@b";
    const start = text.indexOf("https://");
    const uri = "https://x.com/#frag";
    expect(detectSpans(text)).toEqual([{ kind: "link", start, end: start + uri.length, uri }]);
  });
});

describe("record addresses", () => {
  it("read at:// URIs and bsky.app links", () => {
    expect(parseRecordUri("uri", "at://did:plc:abc/app.bsky.feed.post/3jzfcijpj2z2a")).toEqual({
      repo: "did:plc:abc",
      collection: "app.bsky.feed.post",
      rkey: "3jzfcijpj2z2a",
    });
    expect(parseRecordUri("uri", "https://bsky.app/profile/alice.test/post/3jzfcijpj2z2a")).toEqual({
      repo: "alice.test",
      collection: "app.bsky.feed.post",
      rkey: "3jzfcijpj2z2a",
    });
  });

  it.each([
    "at://did:plc:abc/app.bsky.feed.post",
    "at://did:plc:abc/app.bsky.feed.post/3jz/extra",
    "at://not a repo/app.bsky.feed.post/3jz",
    "https://example.com/profile/alice.test/post/3jz",
    "https://bsky.app/profile/alice.test",
    42,
  ])("refuse %s, naming the argument", (value) => {
    expect(() => parseRecordUri("parent", value)).toThrow(/^parent: /);
  });
});

describe("bytes", () => {
  const root = mkdtempSync(join(tmpdir(), "bluesky-mcp-files-"));
  const outside = mkdtempSync(join(tmpdir(), "bluesky-mcp-outside-"));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it("decode base64 and refuse what is not", () => {
    expect([...decodeBase64("data", "AQID\n")]).toEqual([1, 2, 3]);
    expect(() => decodeBase64("data", "not base64!")).toThrow(ToolInputError);
  });

  it("read a file inside the allowed directory and nothing outside it, links included", async () => {
    mkdirSync(join(root, "sub"));
    writeFileSync(join(root, "sub/cat.png"), "meow");
    writeFileSync(join(outside, "secret.txt"), "secret");
    symlinkSync(join(outside, "secret.txt"), join(root, "link.txt"));
    expect(Buffer.from(await readLocalFile("path", "sub/cat.png", root)).toString()).toBe("meow");
    expect(Buffer.from(await readLocalFile("path", join(root, "sub/cat.png"), root)).toString()).toBe("meow");
    await expect(readLocalFile("path", "../" + join(outside, "secret.txt"), root)).rejects.toThrow(
      /no such file|outside/,
    );
    await expect(readLocalFile("path", join(outside, "secret.txt"), root)).rejects.toThrow(/outside/);
    await expect(readLocalFile("path", "link.txt", root)).rejects.toThrow(/outside/);
    await expect(readLocalFile("path", "sub", root)).rejects.toThrow(/not a file/);
    await expect(readLocalFile("path", "sub/cat.png", undefined)).rejects.toThrow(/--files/);
  });

  it("tell common image types from their first bytes", () => {
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(
      "image/png",
    );
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffImageType(Buffer.from("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(sniffImageType(Buffer.from("hello"))).toBeUndefined();
  });
});

describe("tool errors", () => {
  it("carry the XRPC error name, message and status", () => {
    const response = new Response("", { status: 400 });
    const body = { error: "InvalidSwap", message: "Record was at bafy…" };
    const error = new errors.ComAtprotoRepoPutRecordResponseBody(response, JSON.stringify(body), body);
    expect(describeToolError(error)).toEqual({
      error: "InvalidSwap",
      message: "Record was at bafy…",
      status: 400,
    });
    const result = toolFailure(error);
    expect(result.isError).toBe(true);
    expect(JSON.parse((result.content[0] as { text: string }).text)).toMatchObject(body);
  });

  it("read a refused input as InvalidRequest, naming the field", () => {
    const invalid = new SDKValidationError("Input validation failed", {}, [
      { path: "rkey", message: "required" },
    ]);
    expect(describeToolError(invalid)).toEqual({
      error: "InvalidRequest",
      message: "Input validation failed: rkey: required",
    });
    expect(describeToolError(new ToolInputError("text", "expected a string"))).toEqual({
      error: "InvalidRequest",
      message: "text: expected a string",
    });
  });
});
