import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount, startTestPds, type TestAccount, type TestPds, xrpc } from "../_util.js";

const POST = "app.bsky.feed.post";
let pds: TestPds;
let alice: TestAccount;
let bob: TestAccount;

beforeAll(async () => {
  pds = await startTestPds();
  alice = await createTestAccount(pds, "alice");
  bob = await createTestAccount(pds, "bob");
});
afterAll(() => pds.close());

const call = (nsid: string, body: Record<string, unknown>, who = alice) =>
  xrpc(pds.url, `com.atproto.repo.${nsid}`, { body: { repo: who.did, ...body }, token: who.accessJwt });
const query = (nsid: string, params: Record<string, string>) =>
  xrpc(pds.url, `com.atproto.repo.${nsid}`, { params });
const post = (text: string) => ({ text, createdAt: new Date().toISOString() });
const rkeyOf = (uri: string) => uri.split("/").pop()!;

describe("describeRepo", () => {
  it("describes each repo with its handle, DID, DID document and collections", async () => {
    await call("createRecord", { collection: POST, record: post("x") }, bob);
    for (const who of [alice, bob]) {
      const res = await query("describeRepo", { repo: who.handle });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ handle: who.handle, did: who.did, handleIsCorrect: true });
      expect(res.body.didDoc.id).toBe(who.did);
    }
    expect((await query("describeRepo", { repo: bob.did })).body.collections).toEqual([POST]);
  });
});

describe("createRecord, getRecord, listRecords, deleteRecord", () => {
  it("creates records at a TID key, lists, gets and deletes them", async () => {
    const created = await call("createRecord", { collection: POST, record: post("first") });
    expect(created.status).toBe(200);
    expect(created.body.uri).toMatch(new RegExp(`^at://${alice.did}/${POST}/[234567a-z]{13}$`));
    const rkey = rkeyOf(created.body.uri);
    const got = await query("getRecord", { repo: alice.did, collection: POST, rkey });
    expect(got.body).toMatchObject({
      uri: created.body.uri,
      cid: created.body.cid,
      value: { text: "first" },
    });
    const listed = await query("listRecords", { repo: alice.did, collection: POST });
    expect(listed.body.records.map((r: { uri: string }) => r.uri)).toContain(created.body.uri);
    const deleted = await call("deleteRecord", { collection: POST, rkey });
    expect(deleted.status).toBe(200);
    expect(deleted.body.commit.cid).toBeTypeOf("string");
    const gone = await query("getRecord", { repo: alice.did, collection: POST, rkey });
    expect(gone.status).toBe(400);
    expect(gone.body.error).toBe("RecordNotFound");
    expect(gone.body.message).toContain("Could not locate record");
  });

  it("creates a record at the schema's literal key when none is given (profile → self)", async () => {
    const res = await call("createRecord", {
      collection: "app.bsky.actor.profile",
      record: { displayName: "A" },
    });
    expect(res.status).toBe(200);
    expect(res.body.uri).toBe(`at://${alice.did}/app.bsky.actor.profile/self`);
  });

  it("refuses a create on a taken key with 400 RecordAlreadyExists (the reference answers 500)", async () => {
    await call("createRecord", { collection: "com.example.k", rkey: "taken", record: { a: 1 } });
    const again = await call("createRecord", {
      collection: "com.example.k",
      rkey: "taken",
      record: { a: 2 },
    });
    expect(again.status).toBe(400);
    expect(again.body.error).toBe("RecordAlreadyExists");
  });

  it("no-ops when deleting a record that doesn't exist", async () => {
    const head = await xrpc(pds.url, "com.atproto.sync.getLatestCommit", { params: { did: alice.did } });
    const res = await call("deleteRecord", { collection: POST, rkey: "3jzfcijpj2zzz" });
    expect(res.status).toBe(200);
    expect(res.body.commit).toBeUndefined();
    expect(
      (await xrpc(pds.url, "com.atproto.sync.getLatestCommit", { params: { did: alice.did } })).body,
    ).toEqual(head.body);
  });

  it("does not delete the underlying block if another record still references it", async () => {
    const record = { $type: "com.example.same", v: 1 };
    const one = await call("putRecord", { collection: "com.example.same", rkey: "one", record });
    const two = await call("putRecord", { collection: "com.example.same", rkey: "two", record });
    expect(one.body.cid).toBe(two.body.cid);
    await call("deleteRecord", { collection: "com.example.same", rkey: "one" });
    const left = await query("getRecord", { repo: alice.did, collection: "com.example.same", rkey: "two" });
    expect(left.body.value).toEqual(record);
  });
});

describe("listRecords pagination", () => {
  const COLL = "com.example.page";
  const keys = ["a1", "a2", "a3", "a4", "a5"];
  beforeAll(async () => {
    for (const rkey of keys) await call("putRecord", { collection: COLL, rkey, record: { rkey } });
  });
  const page = (extra: Record<string, string>) =>
    query("listRecords", { repo: alice.did, collection: COLL, limit: "2", ...extra });
  async function all(extra: Record<string, string>): Promise<string[]> {
    const out: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await page(cursor ? { ...extra, cursor } : extra);
      out.push(...res.body.records.map((r: { uri: string }) => rkeyOf(r.uri)));
      cursor = res.body.cursor;
      if (res.body.records.length < 2) break;
    }
    return out;
  }

  it("pages newest rkey first by default, and the pages concatenate to the whole list", async () => {
    expect(await all({})).toEqual([...keys].reverse());
  });

  it("pages in ascending order with reverse, the exact reverse of the default", async () => {
    expect(await all({ reverse: "true" })).toEqual(keys);
  });

  it("gives the last rkey of each page as its cursor", async () => {
    expect((await page({})).body.cursor).toBe("a4");
    expect((await page({ reverse: "true" })).body.cursor).toBe("a2");
  });

  it("refuses a limit out of 1..100", async () => {
    expect((await page({ limit: "0" })).status).toBe(400);
    expect((await page({ limit: "101" })).status).toBe(400);
  });
});

describe("applyWrites", () => {
  it("applies creates, updates and deletes as one commit, with typed results and validation status", async () => {
    await call("putRecord", { collection: "com.example.aw", rkey: "u", record: { v: 0 } });
    await call("putRecord", { collection: "com.example.aw", rkey: "d", record: { v: 0 } });
    const NS = "com.atproto.repo.applyWrites";
    const res = await call("applyWrites", {
      writes: [
        { $type: `${NS}#create`, collection: POST, value: post("aw") },
        { $type: `${NS}#update`, collection: "com.example.aw", rkey: "u", value: { v: 1 } },
        { $type: `${NS}#delete`, collection: "com.example.aw", rkey: "d" },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({ $type: `${NS}#createResult`, validationStatus: "valid" }),
      expect.objectContaining({ $type: `${NS}#updateResult`, validationStatus: "unknown" }),
      { $type: `${NS}#deleteResult` },
    ]);
    const head = await xrpc(pds.url, "com.atproto.sync.getLatestCommit", { params: { did: alice.did } });
    expect(res.body.commit).toEqual(head.body);
    const gone = await query("getRecord", { repo: alice.did, collection: "com.example.aw", rkey: "d" });
    expect(gone.body.error).toBe("RecordNotFound");
  });

  it("refuses an update of a missing record with 400 RecordNotFound and commits nothing", async () => {
    const head = await xrpc(pds.url, "com.atproto.sync.getLatestCommit", { params: { did: alice.did } });
    const res = await call("applyWrites", {
      writes: [
        { $type: "com.atproto.repo.applyWrites#create", collection: "com.example.aw", rkey: "n", value: {} },
        {
          $type: "com.atproto.repo.applyWrites#update",
          collection: "com.example.aw",
          rkey: "missing",
          value: {},
        },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("RecordNotFound");
    expect(
      (await xrpc(pds.url, "com.atproto.sync.getLatestCommit", { params: { did: alice.did } })).body,
    ).toEqual(head.body);
    const n = await query("getRecord", { repo: alice.did, collection: "com.example.aw", rkey: "n" });
    expect(n.status).toBe(400);
  });

  it("applies writes to the same key in order within one commit", async () => {
    const NS = "com.atproto.repo.applyWrites";
    const res = await call("applyWrites", {
      writes: [
        { $type: `${NS}#create`, collection: "com.example.seq", rkey: "gone", value: { v: 1 } },
        { $type: `${NS}#delete`, collection: "com.example.seq", rkey: "gone" },
        { $type: `${NS}#create`, collection: "com.example.seq", rkey: "kept", value: { v: 1 } },
        { $type: `${NS}#update`, collection: "com.example.seq", rkey: "kept", value: { v: 2 } },
      ],
    });
    expect(res.status).toBe(200);
    expect(
      (await query("getRecord", { repo: alice.did, collection: "com.example.seq", rkey: "gone" })).status,
    ).toBe(400);
    const kept = await query("getRecord", { repo: alice.did, collection: "com.example.seq", rkey: "kept" });
    expect(kept.body.value.v).toBe(2);
  });

  it("refuses more than 200 writes", async () => {
    const writes = Array.from({ length: 201 }, (_, i) => ({
      $type: "com.atproto.repo.applyWrites#create",
      collection: "com.example.many",
      rkey: `r${i}`,
      value: {},
    }));
    const res = await call("applyWrites", { writes });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("Too many writes");
  });
});

describe("duplicate likes, reposts, follows and blocks", () => {
  const subjectPost = {
    uri: "at://did:plc:abc/app.bsky.feed.post/3jzfcijpj2z2a",
    cid: "bafyreigbtj4x7ip5legnfznufuopl4sg4knzc2cof6duas4b3q2fy6swua",
  };
  const cases: [string, unknown][] = [
    ["app.bsky.feed.like", subjectPost],
    ["app.bsky.feed.repost", subjectPost],
    ["app.bsky.graph.follow", "did:plc:abcdefghijklmnopqrstuvwx"],
    ["app.bsky.graph.block", "did:plc:abcdefghijklmnopqrstuvwx"],
  ];
  for (const [collection, subject] of cases) {
    it(`createRecord of a second ${collection} of the same subject replaces the first`, async () => {
      const record = () => ({ subject, createdAt: new Date().toISOString() });
      const first = await call("createRecord", { collection, record: record() });
      const second = await call("createRecord", { collection, record: record() });
      expect(second.status).toBe(200);
      const listed = await query("listRecords", { repo: alice.did, collection });
      expect(listed.body.records.map((r: { uri: string }) => r.uri)).toEqual([second.body.uri]);
      expect(first.body.uri).not.toBe(second.body.uri);
    });
  }
});
