import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount, startTestPds, type TestAccount, type TestPds, xrpc } from "../_util.js";

const POST = "app.bsky.feed.post";
let pds: TestPds;
let alice: TestAccount;

beforeAll(async () => {
  pds = await startTestPds();
  alice = await createTestAccount(pds, "alice");
});
afterAll(() => pds.close());

const write = (nsid: string, body: Record<string, unknown>) =>
  xrpc(pds.url, `com.atproto.repo.${nsid}`, { body: { repo: alice.did, ...body }, token: alice.accessJwt });
const getValue = async (collection: string, rkey: string) =>
  (await xrpc(pds.url, "com.atproto.repo.getRecord", { params: { repo: alice.did, collection, rkey } })).body
    .value;
const now = () => new Date().toISOString();
const rkeyOf = (uri: string) => uri.split("/").pop()!;

describe("validation", () => {
  it("defaults an undefined $type on records", async () => {
    const res = await write("createRecord", { collection: POST, record: { text: "x", createdAt: now() } });
    expect((await getValue(POST, rkeyOf(res.body.uri))).$type).toBe(POST);
  });

  it("requires the schema to be known if explicitly validating", async () => {
    const res = await write("createRecord", { collection: "com.example.foobar", validate: true, record: {} });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("com.example.foobar");
  });

  it("does not require the schema to be known if not explicitly validating", async () => {
    const res = await write("createRecord", { collection: "com.example.foobar", record: {} });
    expect(res.status).toBe(200);
    expect(res.body.validationStatus).toBe("unknown");
  });

  it("requires the $type to match the schema", async () => {
    const res = await write("createRecord", {
      collection: POST,
      record: { $type: "app.bsky.feed.like", text: "x", createdAt: now() },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("Invalid $type: expected app.bsky.feed.post, got app.bsky.feed.like");
  });

  it("requires a valid rkey", async () => {
    const res = await write("putRecord", {
      collection: POST,
      rkey: "..",
      record: { text: "x", createdAt: now() },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("rkey");
  });

  it("validates the record on write", async () => {
    const res = await write("createRecord", { collection: POST, record: { createdAt: now() } });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("Invalid app.bsky.feed.post record");
  });

  it("validates datetimes rigorously", async () => {
    const res = await write("createRecord", {
      collection: POST,
      record: { text: "x", createdAt: "0000-00-12T23:20:50.123Z" },
    });
    expect(res.status).toBe(400);
  });
});

describe("unvalidated writes", () => {
  it("allows unknown lexicons when validate is unset (status unknown) or false (no status), with $type", async () => {
    const unset = await write("createRecord", { collection: "com.example.free", record: { a: 1 } });
    expect(unset.body.validationStatus).toBe("unknown");
    const off = await write("createRecord", {
      collection: "com.example.free",
      validate: false,
      record: { a: 2 },
    });
    expect(off.status).toBe(200);
    expect("validationStatus" in off.body).toBe(false);
    for (const res of [unset, off])
      expect((await getValue("com.example.free", rkeyOf(res.body.uri))).$type).toBe("com.example.free");
  });

  it("allows update of unknown lexicons with validate unset, then false", async () => {
    expect(
      (await write("putRecord", { collection: "com.example.free", rkey: "u", record: { v: 1 } })).status,
    ).toBe(200);
    const res = await write("putRecord", {
      collection: "com.example.free",
      rkey: "u",
      validate: false,
      record: { v: 2 },
    });
    expect(res.status).toBe(200);
    expect((await getValue("com.example.free", "u")).v).toBe(2);
  });

  it("skips the schema with validate:false but still enforces the record type", async () => {
    const skipped = await write("createRecord", {
      collection: POST,
      validate: false,
      record: { nonsense: true },
    });
    expect(skipped.status).toBe(200);
    const mismatched = await write("createRecord", {
      collection: POST,
      validate: false,
      record: { $type: "app.bsky.feed.like" },
    });
    expect(mismatched.status).toBe(400);
    expect(mismatched.body.message).toContain("Invalid $type");
  });

  it("enforces the blob ref format even when unvalidated: legacy refs are refused", async () => {
    const res = await write("createRecord", {
      collection: "com.example.free",
      validate: false,
      record: {
        img: { cid: "bafkreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454", mimeType: "image/png" },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("Legacy blobs are not allowed");
  });
});

describe("compare-and-swap", () => {
  const head = async () =>
    (await xrpc(pds.url, "com.atproto.sync.getLatestCommit", { params: { did: alice.did } })).body
      .cid as string;
  const EMPTY_CID = "bafyreigbtj4x7ip5legnfznufuopl4sg4knzc2cof6duas4b3q2fy6swua"; // the CID of {}

  it("createRecord succeeds on the current commit and fails with InvalidSwap on another", async () => {
    const ok = await write("createRecord", {
      collection: "com.example.cas",
      record: { n: 1 },
      swapCommit: await head(),
    });
    expect(ok.status).toBe(200);
    const bad = await write("createRecord", {
      collection: "com.example.cas",
      record: { n: 2 },
      swapCommit: EMPTY_CID,
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: "InvalidSwap", message: `Commit was at ${await head()}` });
  });

  it("deleteRecord honours swapCommit and swapRecord; a failed swap leaves the record", async () => {
    const made = await write("putRecord", { collection: "com.example.cas", rkey: "del", record: { n: 1 } });
    const badCommit = await write("deleteRecord", {
      collection: "com.example.cas",
      rkey: "del",
      swapCommit: EMPTY_CID,
    });
    expect(badCommit.body.error).toBe("InvalidSwap");
    const badRecord = await write("deleteRecord", {
      collection: "com.example.cas",
      rkey: "del",
      swapRecord: EMPTY_CID,
    });
    expect(badRecord.body).toMatchObject({ error: "InvalidSwap", message: `Record was at ${made.body.cid}` });
    expect((await getValue("com.example.cas", "del")).n).toBe(1);
    const ok = await write("deleteRecord", {
      collection: "com.example.cas",
      rkey: "del",
      swapRecord: made.body.cid,
      swapCommit: await head(),
    });
    expect(ok.status).toBe(200);
  });

  it("putRecord: swapRecord null creates only when absent, a CID updates only when current", async () => {
    const created = await write("putRecord", {
      collection: "com.example.cas",
      rkey: "p",
      swapRecord: null,
      record: { n: 1 },
    });
    expect(created.status).toBe(200);
    const again = await write("putRecord", {
      collection: "com.example.cas",
      rkey: "p",
      swapRecord: null,
      record: { n: 2 },
    });
    expect(again.body).toMatchObject({ error: "InvalidSwap", message: `Record was at ${created.body.cid}` });
    const wrong = await write("putRecord", {
      collection: "com.example.cas",
      rkey: "p",
      swapRecord: EMPTY_CID,
      record: { n: 2 },
    });
    expect(wrong.body.error).toBe("InvalidSwap");
    const right = await write("putRecord", {
      collection: "com.example.cas",
      rkey: "p",
      swapRecord: created.body.cid,
      swapCommit: await head(),
      record: { n: 3 },
    });
    expect(right.status).toBe(200);
    expect((await getValue("com.example.cas", "p")).n).toBe(3);
  });

  it("applyWrites succeeds on the current commit and fails on another", async () => {
    const writes = [
      { $type: "com.atproto.repo.applyWrites#create", collection: "com.example.cas", value: {} },
    ];
    expect((await write("applyWrites", { writes, swapCommit: await head() })).status).toBe(200);
    expect((await write("applyWrites", { writes, swapCommit: EMPTY_CID })).body.error).toBe("InvalidSwap");
  });
});
