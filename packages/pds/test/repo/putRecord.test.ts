import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestAccount,
  getRecord,
  putRecord,
  startTestPds,
  type TestAccount,
  type TestPds,
  xrpc,
} from "../_util.js";

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

const latest = async (did: string) =>
  (await xrpc(pds.url, "com.atproto.sync.getLatestCommit", { params: { did } })).body;
const post = (text: string) => ({ text, createdAt: new Date().toISOString() });

describe("putRecord", () => {
  it("creates a new record if it doesn't already exist; the stored value gains $type", async () => {
    const res = await putRecord(pds, alice, POST, "3jzfcijpj2z2a", post("hello"));
    expect(res.status).toBe(200);
    expect(res.body.uri).toBe(`at://${alice.did}/${POST}/3jzfcijpj2z2a`);
    expect(res.body.validationStatus).toBe("valid");
    expect(res.body.commit.cid).toBe((await latest(alice.did)).cid);
    const got = await getRecord(pds, alice.did, POST, "3jzfcijpj2z2a");
    expect(got.body.cid).toBe(res.body.cid);
    expect(got.body.value).toMatchObject({ $type: POST, text: "hello" });
  });

  it("updates a record if it already exists, with a strictly greater rev", async () => {
    const first = await putRecord(pds, alice, POST, "3jzfcijpj2z2b", post("one"));
    const second = await putRecord(pds, alice, POST, "3jzfcijpj2z2b", post("two"));
    expect(second.status).toBe(200);
    expect(second.body.cid).not.toBe(first.body.cid);
    expect(second.body.commit.rev > first.body.commit.rev).toBe(true);
    expect((await getRecord(pds, alice.did, POST, "3jzfcijpj2z2b")).body.value.text).toBe("two");
  });

  it("still works if repo is specified by handle; the URI uses the DID", async () => {
    const res = await xrpc(pds.url, "com.atproto.repo.putRecord", {
      body: { repo: alice.handle, collection: POST, rkey: "3jzfcijpj2z2c", record: post("by handle") },
      token: alice.accessJwt,
    });
    expect(res.status).toBe(200);
    expect(res.body.uri).toBe(`at://${alice.did}/${POST}/3jzfcijpj2z2c`);
  });

  it("does not produce a commit on a no-op update, even with stale swaps", async () => {
    const record = post("same");
    const first = await putRecord(pds, alice, POST, "3jzfcijpj2z2d", record);
    const head = await latest(alice.did);
    const { $type: _omit, ...reordered } = { $type: POST, createdAt: record.createdAt, text: record.text };
    const again = await putRecord(pds, alice, POST, "3jzfcijpj2z2d", reordered, {
      swapRecord: null,
      swapCommit: first.body.cid,
    });
    expect(again.status).toBe(200);
    expect(again.body.cid).toBe(first.body.cid);
    expect(again.body.commit).toBeUndefined();
    expect(await latest(alice.did)).toEqual(head);
  });

  it("fails on user mismatch with 401 AuthenticationRequired", async () => {
    const res = await putRecord(pds, { did: bob.did, accessJwt: alice.accessJwt }, POST, "3jzfcijpj2z2e", {});
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: "AuthenticationRequired", message: "Authentication Required" });
  });

  it("fails on an invalid record (a float) and leaves the old record unchanged", async () => {
    await putRecord(pds, alice, "app.bsky.actor.profile", "self", { displayName: "Alice" });
    const res = await putRecord(pds, alice, "app.bsky.actor.profile", "self", { description: 1.5 });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("InvalidRequest");
    expect(res.body.message).toContain("description");
    expect((await getRecord(pds, alice.did, "app.bsky.actor.profile", "self")).body.value.displayName).toBe(
      "Alice",
    );
  });

  it("refuses a body over 1,000,000 bytes with 413 and accepts one just under", async () => {
    const pad = (n: number) =>
      JSON.stringify({ repo: alice.did, collection: "com.example.big", rkey: "x", record: { p: "" } })
        .length + n;
    const sized = (total: number) => ({ p: "a".repeat(total - pad(0)) });
    const ok = await putRecord(pds, alice, "com.example.big", "x", sized(999_000));
    expect(ok.status).toBe(200);
    const big = await putRecord(pds, alice, "com.example.big", "x", sized(1_000_001));
    expect(big.status).toBe(413);
    expect(big.body.error).toBe("PayloadTooLargeError");
  });

  it("writes of values that cannot round-trip (depth 4000) are 400 InvalidRequest", async () => {
    let deep: unknown = {};
    for (let i = 0; i < 4000; i++) deep = { a: deep };
    const res = await putRecord(pds, alice, "com.example.deep", "x", deep);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("InvalidRequest");
  });
});
