import { isValidAtIdentifier, isValidNsid, isValidRecordKey } from "@atproto/syntax";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BlueskyCore } from "../src/core.js";
import { repoApplyWrites } from "../src/funcs/repoApplyWrites.js";
import { repoPutRecord } from "../src/funcs/repoPutRecord.js";
import { isAtIdentifier, isCidSyntax, isNsid, isRecordKey } from "../src/lib/formats.js";
import { SDKValidationError } from "../src/models/errors/sdkvalidationerror.js";
import { always, type Fixture, PUT_OK, PUT_REQUEST, serve, vectors } from "./_util.js";

// One suite, two implementations: ours (atcute-backed) and the reference @atproto/syntax.
const CHECKS: [string, string, (s: string) => boolean][] = [
  ["nsid", "ours", isNsid],
  ["nsid", "@atproto/syntax", isValidNsid],
  ["recordkey", "ours", isRecordKey],
  ["recordkey", "@atproto/syntax", isValidRecordKey],
  ["atidentifier", "ours", isAtIdentifier],
  ["atidentifier", "@atproto/syntax", isValidAtIdentifier],
  ["cid", "ours", isCidSyntax],
];

describe("interop syntax vectors", () => {
  for (const [name, impl, test] of CHECKS) {
    it(`${name} (${impl}): every valid line accepted, every invalid line rejected`, () => {
      const { valid, invalid } = vectors(name);
      expect(valid.length).toBeGreaterThan(5);
      expect(invalid.length).toBeGreaterThan(5);
      expect(valid.filter((line) => !test(line))).toEqual([]);
      expect(invalid.filter((line) => test(line))).toEqual([]);
    });
  }
});

describe("putRecord input validation", () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await serve(always(200, PUT_OK));
  });
  afterEach(() => fx.close());

  async function invalidField(patch: Record<string, unknown>): Promise<string> {
    const client = new BlueskyCore({ serverURL: fx.url });
    const res = await repoPutRecord(client, { ...PUT_REQUEST, ...patch } as typeof PUT_REQUEST);
    expect(res.error).toBeInstanceOf(SDKValidationError);
    return (res.error as SDKValidationError).field;
  }

  it("rejects every invalid vector in its field, before any request", async () => {
    const cases: [string, string][] = [
      ...vectors("atidentifier").invalid.map((v) => ["repo", v] as [string, string]),
      ...vectors("nsid").invalid.map((v) => ["collection", v] as [string, string]),
      ...vectors("recordkey").invalid.map((v) => ["rkey", v] as [string, string]),
      ...vectors("cid").invalid.map((v) => ["swapRecord", v] as [string, string]),
      ...vectors("cid").invalid.map((v) => ["swapCommit", v] as [string, string]),
    ];
    for (const [field, value] of cases) expect(await invalidField({ [field]: value })).toBe(field);
    expect(fx.seen).toHaveLength(0);
  });

  it("sends every valid vector", async () => {
    const client = new BlueskyCore({ serverURL: fx.url });
    const cases: Record<string, string>[] = [
      ...vectors("atidentifier").valid.map((repo) => ({ repo })),
      ...vectors("nsid").valid.map((collection) => ({ collection })),
      ...vectors("recordkey").valid.map((rkey) => ({ rkey })),
      ...vectors("cid").valid.map((swapCommit) => ({ swapCommit })),
    ];
    for (const patch of cases)
      expect((await repoPutRecord(client, { ...PUT_REQUEST, ...patch })).ok).toBe(true);
    expect(fx.seen).toHaveLength(cases.length);
  });

  it("caps rkey at 512 characters", async () => {
    expect(await invalidField({ rkey: "a".repeat(513) })).toBe("rkey");
    const res = await repoPutRecord(new BlueskyCore({ serverURL: fx.url }), {
      ...PUT_REQUEST,
      rkey: "a".repeat(512),
    });
    expect(res.ok).toBe(true);
  });

  it("requires record to be a JSON object", async () => {
    expect(await invalidField({ record: "<value>" })).toBe("record");
    expect(await invalidField({ record: [1] })).toBe("record");
    expect(await invalidField({ record: undefined })).toBe("record");
  });

  it("accepts swapRecord: null and sends it as JSON null", async () => {
    await repoPutRecord(new BlueskyCore({ serverURL: fx.url }), { ...PUT_REQUEST, swapRecord: null });
    expect(JSON.parse(fx.seen[0]!.body).swapRecord).toBeNull();
  });

  it("names nested fields of applyWrites", async () => {
    const res = await repoApplyWrites(new BlueskyCore({ serverURL: fx.url }), {
      repo: "alice.test",
      writes: [
        { $type: "com.atproto.repo.applyWrites#delete", collection: "app.bsky.feed.post", rkey: "ok" },
        { $type: "com.atproto.repo.applyWrites#delete", collection: "app.bsky.feed.post", rkey: ".." },
      ],
    });
    const error = res.error as SDKValidationError;
    expect(error.field).toBe("writes.1.rkey");
    expect(error.pretty()).toContain("writes.1.rkey: expected a record key");
  });
});
