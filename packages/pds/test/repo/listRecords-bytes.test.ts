// listRecords bounds a page by bytes as well as by `limit` (issue 13, finding 10): large records make
// shorter pages, and paging by cursor still visits every record once, in order, as the reference's does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_READS } from "../../src/config.js";
import {
  createTestAccount,
  putRecord,
  startTestPds,
  type TestAccount,
  type TestPds,
  xrpc,
} from "../_util.js";

const BIG = "com.example.big";
const SIZE = 400_000; // three of them pass the page's byte bound
const keys = Array.from({ length: 7 }, (_, i) => `k${i}`);
let pds: TestPds;
let alice: TestAccount;

beforeAll(async () => {
  pds = await startTestPds();
  alice = await createTestAccount(pds, "alice");
  for (const rkey of keys) await putRecord(pds, alice, BIG, rkey, { rkey, text: "x".repeat(SIZE) });
  for (let i = 0; i < 20; i++) await putRecord(pds, alice, "com.example.small", `s${i}`, { i });
});
afterAll(() => pds.close());

const list = (collection: string, extra: Record<string, string> = {}) =>
  xrpc(pds.url, "com.atproto.repo.listRecords", {
    params: { repo: alice.did, collection, limit: "100", ...extra },
  });
const rkeys = (body: { records: { uri: string }[] }) => body.records.map((r) => r.uri.split("/").pop());

describe("listRecords over large records", () => {
  it("ends a page after the record that reaches the byte bound, with that record's rkey as cursor", async () => {
    expect(pds.ctx.config.reads.listRecordsPageBytes).toBe(DEFAULT_READS.listRecordsPageBytes);
    expect(3 * SIZE).toBeGreaterThan(DEFAULT_READS.listRecordsPageBytes);
    const { status, body } = await list(BIG);
    expect(status).toBe(200);
    expect(rkeys(body)).toEqual(["k6", "k5", "k4"]);
    expect(body.cursor).toBe("k4");
  });

  it("pages by cursor through every record once, in order, either way round", async () => {
    for (const reverse of ["false", "true"]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const { body } = await list(BIG, cursor ? { reverse, cursor } : { reverse });
        seen.push(...(rkeys(body) as string[]));
        cursor = body.cursor;
        if (body.records.length === 0) break;
      }
      expect(cursor).toBeUndefined();
      expect(seen).toEqual(reverse === "true" ? keys : [...keys].reverse());
    }
  });

  it("takes its bound from PDS_LIST_RECORDS_PAGE_BYTES", async () => {
    const pageBytes = await startTestPds({ listRecordsPageBytes: 1 });
    try {
      const bob = await createTestAccount(pageBytes, "bob");
      for (const rkey of ["a", "b"]) await putRecord(pageBytes, bob, "com.example.small", rkey, { rkey });
      const { body } = await xrpc(pageBytes.url, "com.atproto.repo.listRecords", {
        params: { repo: bob.did, collection: "com.example.small" },
      });
      expect(rkeys(body)).toEqual(["b"]);
    } finally {
      await pageBytes.close();
    }
  });

  it("still gives `limit` records when they are small", async () => {
    expect((await list("com.example.small")).body.records).toHaveLength(20);
    expect((await list("com.example.small", { limit: "5" })).body.records).toHaveLength(5);
  });
});
