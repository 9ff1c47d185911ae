import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Db, openDatabase } from "../../src/db/database.js";
import { BlockTable, RECENT_BLOCKS_LIMIT } from "../../src/store/block-table.js";

const DID = "did:plc:blocks";
const cid = (n: number) => Uint8Array.from([1, 113, 18, 32, n >> 8, n & 255]);
const bytes = (n: number) => Buffer.from(`block ${n}`);
let db: Db;
let table: BlockTable;

beforeEach(() => {
  db = openDatabase(join(mkdtempSync(join(tmpdir(), "pds-blocks-")), "pds.sqlite"));
  table = new BlockTable(db);
});
afterEach(() => db.close());

const rows = () =>
  db.prepare("SELECT settled, count(*) AS n FROM repo_block GROUP BY settled ORDER BY settled").all();

describe("BlockTable's recent and settled partitions", () => {
  it("settle the oldest recent blocks once the recent set fills, and keep every block readable", () => {
    const total = RECENT_BLOCKS_LIMIT + 10;
    for (let n = 0; n < total; n++) {
      table.put(DID, cid(n), "rev1", bytes(n));
      table.settleIfDue();
    }
    const [recent, settled] = rows() as { settled: number; n: number }[];
    expect(recent!.settled).toBe(0);
    expect(recent!.n).toBeLessThan(RECENT_BLOCKS_LIMIT);
    expect(settled).toEqual({ settled: 1, n: total - recent!.n });
    // The oldest are the settled ones.
    const oldest = db.prepare("SELECT settled FROM repo_block ORDER BY id LIMIT 1").pluck().get();
    expect(oldest).toBe(1);
    for (let n = 0; n < total; n++) expect(table.get(DID, cid(n))).toEqual(bytes(n));
    expect(table.get(DID, cid(total))).toBeUndefined();
    expect(table.get("did:plc:other", cid(0))).toBeUndefined();
  });

  it("store a block once whichever partition holds it, and delete it from either", () => {
    table.put(DID, cid(1), "rev1", bytes(1));
    table.put(DID, cid(1), "rev2", bytes(1));
    for (let n = 2; n <= RECENT_BLOCKS_LIMIT; n++) table.put(DID, cid(n), "rev2", bytes(n));
    table.settleIfDue();
    expect(db.prepare("SELECT settled FROM repo_block WHERE rev = 'rev1'").pluck().all()).toEqual([1]);
    table.put(DID, cid(1), "rev3", bytes(1)); // already settled: not stored again as recent
    expect(db.prepare("SELECT count(*) FROM repo_block").pluck().get()).toBe(RECENT_BLOCKS_LIMIT);
    table.delete(DID, cid(1)); // settled
    table.delete(DID, cid(RECENT_BLOCKS_LIMIT)); // recent
    expect(table.get(DID, cid(1))).toBeUndefined();
    expect(table.get(DID, cid(RECENT_BLOCKS_LIMIT))).toBeUndefined();
    table.put(DID, cid(1), "rev4", bytes(1)); // deleted blocks can come back
    expect(table.get(DID, cid(1))).toEqual(bytes(1));
    expect(db.prepare("SELECT count(*) FROM repo_block").pluck().get()).toBe(RECENT_BLOCKS_LIMIT - 1);
  });

  it("store a lasting block (a record) as settled at once, and never in both partitions", () => {
    table.put(DID, cid(1), "rev1", bytes(1), true);
    expect(db.prepare("SELECT settled FROM repo_block").pluck().all()).toEqual([1]);
    table.put(DID, cid(2), "rev1", bytes(2));
    table.put(DID, cid(2), "rev2", bytes(2), true); // recent already holds it
    table.put(DID, cid(1), "rev2", bytes(1)); // settled already holds it
    expect(rows()).toEqual([
      { settled: 0, n: 1 },
      { settled: 1, n: 1 },
    ]);
    table.delete(DID, cid(1));
    expect(table.get(DID, cid(1))).toBeUndefined();
    expect(table.get(DID, cid(2))).toEqual(bytes(2));
  });
});
