// Records per collection: `$build` fills `$type`, `$validate` checks the lexicon (formats, lengths,
// graphemes, enums, unions, blobs, integers) and names the path; opt-in validation on a client refuses a
// bad record before any request. Responses keep unknown fields and unknown union members.
import { afterEach, describe, expect, it } from "vitest";
import { BlueskyCore } from "../src/core.js";
import { feedGetTimeline } from "../src/funcs/feedGetTimeline.js";
import { repoPutRecord } from "../src/funcs/repoPutRecord.js";
import { is$typed } from "../src/lib/typed.js";
import { SDKValidationError } from "../src/models/errors/sdkvalidationerror.js";
import * as profile from "../src/records/appBskyActorProfile.js";
import * as post from "../src/records/appBskyFeedPost.js";
import * as threadgate from "../src/records/appBskyFeedThreadgate.js";
import { lexiconValidator } from "../src/validation.js";
import { always, type Fixture, PUT_OK, serve } from "./_util.js";

const NOW = "2024-11-21T12:00:00.000Z";
const DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
const CID = "bafyreiclp443lavogvhj3d2ob2cxbfuscni2k5jk7bebjzg7khl3esabwq";

/** The path of the first issue, or "" when the value is valid. */
function firstIssue(result: { ok: boolean; error?: unknown }): string {
  return result.ok ? "" : (result.error as SDKValidationError).field;
}

describe("record modules", () => {
  it("$build fills $type; $isTypeOf recognises it", () => {
    const built = post.$build({ text: "hi", createdAt: NOW });
    expect(built).toEqual({ $type: "app.bsky.feed.post", text: "hi", createdAt: NOW });
    expect(post.$isTypeOf(built)).toBe(true);
    expect(post.$isTypeOf({ $type: "app.bsky.feed.like" })).toBe(false);
  });

  it("$validate accepts a valid record, unknown fields included", () => {
    const value = post.$build({ text: "hi", createdAt: NOW, langs: ["en"], fieldFromTheFuture: 1 });
    expect(post.$validate(value)).toEqual({ ok: true, value });
  });

  it.each([
    ["createdAt", { createdAt: "yesterday" }],
    ["text", { text: "x".repeat(3001) }],
    ["text", { text: "👍🏽".repeat(301) }],
    ["langs.0", { langs: ["not a language!"] }],
    ["embed.$type", { embed: { images: [] } }],
    ["embed.images", { embed: { $type: "app.bsky.embed.images" } }],
    [
      "reply.root.uri",
      {
        reply: {
          root: { uri: "nope", cid: CID },
          parent: { uri: `at://${DID}/app.bsky.feed.post/k`, cid: CID },
        },
      },
    ],
    ["$type", { $type: "app.bsky.feed.like" }],
    ["facets.0.index.byteStart", { facets: [{ index: { byteStart: 1.5, byteEnd: 2 }, features: [] }] }],
  ])("$validate names %s", (path, patch) => {
    const result = post.$validate({ ...post.$build({ text: "hi", createdAt: NOW }), ...patch });
    expect(result.error).toBeInstanceOf(SDKValidationError);
    expect(firstIssue(result)).toBe(path);
  });

  it("checks blob refs: shape, accepted types and size", () => {
    const avatar = { $type: "blob", ref: { $link: CID }, mimeType: "image/png", size: 100 };
    expect(profile.$validate(profile.$build({ avatar })).ok).toBe(true);
    expect(
      firstIssue(profile.$validate(profile.$build({ avatar: { ...avatar, mimeType: "text/html" } }))),
    ).toBe("avatar");
    expect(firstIssue(profile.$validate(profile.$build({ avatar: { ...avatar, size: 10_000_000 } })))).toBe(
      "avatar",
    );
    expect(firstIssue(profile.$validate(profile.$build({ avatar: { ref: CID } as never })))).toBe("avatar");
  });

  it("keeps unknown members of an open union; a closed union refuses them", () => {
    const gate = { post: `at://${DID}/app.bsky.feed.post/k`, createdAt: NOW };
    const open = threadgate.$build({ ...gate, allow: [{ $type: "app.example.futureRule" }] });
    expect(threadgate.$validate(open).ok).toBe(true);
    const known = threadgate.$build({
      ...gate,
      allow: [{ $type: "app.bsky.feed.threadgate#listRule", list: "x" }],
    });
    expect(firstIssue(threadgate.$validate(known))).toBe("allow.0.list");
  });
});

describe("opt-in validation on a client", () => {
  let fx: Fixture;
  afterEach(() => fx?.close());

  it("refuses a record that breaks its collection's lexicon before any request", async () => {
    fx = await serve(always(200, PUT_OK));
    const client = new BlueskyCore({ serverURL: fx.url, validator: lexiconValidator });
    const request = {
      repo: DID,
      collection: "app.bsky.feed.post",
      rkey: "k",
      record: { text: "hi", createdAt: "soon" },
    };
    const res = await repoPutRecord(client, request);
    expect((res.error as SDKValidationError).field).toBe("record.createdAt");
    expect(fx.seen).toHaveLength(0);
    // Without the validator the same request is sent: validation is opt-in.
    expect((await repoPutRecord(new BlueskyCore({ serverURL: fx.url }), request)).ok).toBe(true);
  });
});

describe("responses", () => {
  let fx: Fixture;
  afterEach(() => fx?.close());

  it("keep unknown fields and unknown union members, and narrow known ones with is$typed", async () => {
    const author = { did: DID, handle: "alice.test", fieldFromTheFuture: true };
    const postView = {
      uri: `at://${DID}/app.bsky.feed.post/k`,
      cid: CID,
      author,
      record: {},
      indexedAt: NOW,
    };
    const feed = [
      { post: { ...postView, embed: { $type: "app.bsky.embed.images#view", images: [] } } },
      { post: { ...postView, embed: { $type: "app.example.embed#view", hologram: 1 } } },
    ];
    fx = await serve(always(200, { feed, cursor: "c" }));
    const res = await feedGetTimeline(new BlueskyCore({ serverURL: fx.url }));
    if (!res.ok) throw res.error;
    expect(res.value.feed).toEqual(feed);
    const [images, unknown] = res.value.feed.map((item) => item.post.embed);
    expect(is$typed(images, "app.bsky.embed.images#view") && images.images).toEqual([]);
    expect(is$typed(unknown, "app.bsky.embed.images#view")).toBe(false);
  });
});
