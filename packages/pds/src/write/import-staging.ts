import { randomBytes } from "node:crypto";
import type { Cid, ReadonlyBlockStore } from "@putrecord/repo";
import type Database from "better-sqlite3";
import type { Db } from "../db/database.js";

/** Rows written per transaction while staging: a few hundred KB, so other requests run in between. */
const BATCH = 500;

/** One staged record: its key, CID, and what it links to (a like's subject, blob CIDs). */
export interface StagedRecord {
  collection: string;
  rkey: string;
  cid: string;
  linkTo: string | null;
  blobs: string[];
}

/**
 * The staging area of one repo import (migration 011's import_* tables): blocks as the CAR streams
 * in, then the records found by verification, so a repo of any size is never whole in memory. Rows
 * are written in batches; `discard` removes them all.
 */
export class ImportStaging {
  readonly id = randomBytes(12).toString("hex");
  readonly #insertBlock: Database.Statement;
  readonly #getBlock: Database.Statement<[string, Uint8Array], Buffer>;
  readonly #markReachable: Database.Statement;
  readonly #insertRecord: Database.Statement;
  readonly #insertBlob: Database.Statement;
  #blocks: [Uint8Array, Uint8Array][] = [];
  #reached: Uint8Array[] = [];
  #records: StagedRecord[] = [];
  /** Bytes of the blocks staged so far. */
  bytes = 0;

  constructor(readonly db: Db) {
    this.#insertBlock = db.prepare(
      "INSERT OR IGNORE INTO import_block (import_id, cid, bytes) VALUES (?, ?, ?)",
    );
    this.#getBlock = db
      .prepare<[string, Uint8Array], Buffer>("SELECT bytes FROM import_block WHERE import_id = ? AND cid = ?")
      .pluck();
    this.#markReachable = db.prepare("UPDATE import_block SET reachable = 1 WHERE import_id = ? AND cid = ?");
    this.#insertRecord = db.prepare(
      "INSERT OR REPLACE INTO import_record (import_id, collection, rkey, cid, link_to) VALUES (?, ?, ?, ?, ?)",
    );
    this.#insertBlob = db.prepare(
      "INSERT OR IGNORE INTO import_blob (import_id, blob_cid, record_path) VALUES (?, ?, ?)",
    );
  }

  /** Stages a block (its CID already checked against its bytes by the CAR reader). */
  addBlock(cid: Cid, bytes: Uint8Array): void {
    this.#blocks.push([cid.bytes, bytes]);
    this.bytes += bytes.length;
    if (this.#blocks.length >= BATCH) this.flush();
  }

  /** Stages a verified record. */
  addRecord(record: StagedRecord): void {
    this.#records.push(record);
    if (this.#records.length >= BATCH) this.flush();
  }

  /** Writes whatever is waiting in memory. */
  flush(): void {
    const blocks = this.#blocks;
    const reached = this.#reached;
    const records = this.#records;
    this.#blocks = [];
    this.#reached = [];
    this.#records = [];
    this.db.transaction(() => {
      for (const [cid, bytes] of blocks) this.#insertBlock.run(this.id, cid, bytes);
      for (const cid of reached) this.#markReachable.run(this.id, cid);
      for (const r of records) {
        this.#insertRecord.run(this.id, r.collection, r.rkey, r.cid, r.linkTo);
        for (const blob of r.blobs) this.#insertBlob.run(this.id, blob, `${r.collection}/${r.rkey}`);
      }
    })();
  }

  /**
   * The staged blocks as a store. Every block read through it is marked reachable: verification reads
   * exactly the commit, the MST nodes and the records, which are what the repo keeps.
   */
  store(): ReadonlyBlockStore {
    const get = (cid: Cid) => this.#getBlock.get(this.id, cid.bytes);
    return {
      getBlock: (cid) => {
        const bytes = get(cid);
        if (bytes === undefined) return null;
        this.#reached.push(cid.bytes);
        if (this.#reached.length >= BATCH) this.flush();
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      },
      hasBlock: (cid) => get(cid) !== undefined,
    };
  }

  /** Removes every row of this import. */
  discard(): void {
    this.db.transaction(() => {
      for (const table of ["import_block", "import_record", "import_blob"]) {
        this.db.prepare(`DELETE FROM ${table} WHERE import_id = ?`).run(this.id);
      }
    })();
  }

  /** Removes what imports interrupted by a stop left behind (called at start-up). */
  static clearAll(db: Db): void {
    db.exec("DELETE FROM import_block; DELETE FROM import_record; DELETE FROM import_blob;");
  }
}
