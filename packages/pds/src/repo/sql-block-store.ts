import type { BlockMap, Cid, ReadonlyBlockStore } from "@putrecord/repo";
import type Database from "better-sqlite3";
import type { Db } from "../db/database.js";
import type { LruCache } from "./lru-cache.js";

/**
 * Recent rows (see migration 006) at which the oldest half is settled. A repo's MST nodes die at its
 * next commit, and with writers spread over many repos that is many other commits later: at 64 rows
 * nodes were settled just before they died (moved into the big index, then deleted from it). 512 rows
 * are about ten index pages; 16 writers over 8 repos went from 1160–1580 to 1530–2050 w/s.
 */
export const RECENT_BLOCKS_LIMIT = 512;

/** Reads of repo_block, on whichever connection it is given (the writer's, or a snapshot's). */
export class BlockReader {
  readonly #getRecent: Database.Statement<[string, Uint8Array], Buffer>;
  readonly #getSettled: Database.Statement<[string, Uint8Array], Buffer>;
  readonly #since: Database.Statement<[string, string], { cid: Buffer; bytes: Buffer }>;

  constructor(db: Db) {
    const select = (partition: number) =>
      db
        .prepare<[string, Uint8Array], Buffer>(
          `SELECT bytes FROM repo_block WHERE did = ? AND cid = ? AND settled = ${partition}`,
        )
        .pluck();
    this.#getRecent = select(0);
    this.#getSettled = select(1);
    this.#since = db.prepare("SELECT cid, bytes FROM repo_block WHERE did = ? AND rev > ? ORDER BY rev");
  }

  /**
   * The block's bytes, or undefined when the repo does not hold it. Settled first: all but the last few
   * hundred rows are settled, so most reads take one lookup. `bench/block-reads.ts` (an export's reads
   * of 19k blocks, 450 recent; medians of two runs): 2.2 µs a read, against 2.9–3.4 recent first; one
   * statement over both indexes (OR, or UNION ALL with LIMIT 1) is no faster, 2.1–2.6.
   */
  get(did: string, cid: Uint8Array): Buffer | undefined {
    return this.#getSettled.get(did, cid) ?? this.#getRecent.get(did, cid);
  }

  /** The repo's blocks written after rev `since`, oldest first, one row at a time. */
  since(did: string, since: string): IterableIterator<{ cid: Buffer; bytes: Buffer }> {
    return this.#since.iterate(did, since);
  }
}

/**
 * repo_block, whose (did, cid) index is split in two partial indexes: new rows are `recent` (a small
 * index that every commit rewrites anyway), and rows still alive when the recent set fills are
 * `settled` in one batch (the big index, which a commit then rarely touches). A block is in one
 * partition only: it is stored as recent only if it is not settled. Calls run inside the caller's
 * transaction.
 */
export class BlockTable extends BlockReader {
  readonly #put: Database.Statement<[string, Uint8Array, string, Uint8Array, string, Uint8Array]>;
  readonly #deleteRecent: Database.Statement<[string, Uint8Array]>;
  readonly #deleteSettled: Database.Statement<[string, Uint8Array]>;
  readonly #settle: Database.Statement<[number]>;
  readonly #countRecent: Database.Statement<[], number>;
  /** Recent rows, counted as they are written; recounted whenever rows are settled. */
  #recent: number;

  constructor(readonly db: Db) {
    super(db);
    this.#put = db.prepare(
      `INSERT OR IGNORE INTO repo_block (did, cid, rev, bytes, settled) SELECT ?, ?, ?, ?, 0
       WHERE NOT EXISTS (SELECT 1 FROM repo_block WHERE did = ? AND cid = ? AND settled = 1)`,
    );
    this.#deleteRecent = db.prepare("DELETE FROM repo_block WHERE did = ? AND cid = ? AND settled = 0");
    this.#deleteSettled = db.prepare("DELETE FROM repo_block WHERE did = ? AND cid = ? AND settled = 1");
    this.#settle = db.prepare(
      `UPDATE repo_block SET settled = 1
       WHERE id IN (SELECT id FROM repo_block INDEXED BY repo_block_recent WHERE settled = 0 ORDER BY id LIMIT ?)`,
    );
    this.#countRecent = db.prepare<[], number>("SELECT count(*) FROM repo_block WHERE settled = 0").pluck();
    this.#recent = this.#countRecent.get()!;
  }

  /** Stores a block as recent unless the repo already holds it. */
  put(did: string, cid: Uint8Array, rev: string, bytes: Uint8Array): void {
    if (this.#put.run(did, cid, rev, bytes, did, cid).changes > 0) this.#recent++;
  }

  /** Removes a block from whichever partition holds it. */
  delete(did: string, cid: Uint8Array): void {
    if (this.#deleteRecent.run(did, cid).changes > 0) this.#recent--;
    else this.#deleteSettled.run(did, cid);
  }

  /**
   * Replaces every block of a repo with the reachable blocks of an import (`importId`'s staged rows),
   * all settled: an import writes them once and they stay (inside the caller's transaction).
   */
  replaceWithImport(did: string, importId: string, rev: string): void {
    this.db.prepare("DELETE FROM repo_block WHERE did = ?").run(did);
    this.db
      .prepare(
        `INSERT INTO repo_block (did, cid, rev, bytes, settled)
         SELECT ?, cid, ?, bytes, 1 FROM import_block WHERE import_id = ? AND reachable = 1`,
      )
      .run(did, rev, importId);
    this.#recent = this.#countRecent.get()!;
  }

  /** Once RECENT_BLOCKS_LIMIT rows are recent, settles the oldest until half that many are left. */
  settleIfDue(): void {
    if (this.#recent < RECENT_BLOCKS_LIMIT) return;
    this.#settle.run(this.#recent - RECENT_BLOCKS_LIMIT / 2);
    this.#recent = this.#countRecent.get()!;
  }
}

/**
 * One repo's blocks in SQLite, read through the shared cache. Writes happen inside the caller's
 * transaction; the cache learns new blocks only once that transaction has committed (`remember`),
 * so it never holds a block the disk does not.
 */
export class SqlBlockStore implements ReadonlyBlockStore {
  constructor(
    readonly table: BlockTable,
    readonly cache: LruCache<Uint8Array>,
    readonly did: string,
  ) {}

  /** The block's bytes, or null when this repo does not hold it. */
  getBlock(cid: Cid): Uint8Array | null {
    const key = cid.key;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const bytes = this.table.get(this.did, cid.bytes);
    if (bytes === undefined) return null;
    this.cache.set(key, bytes);
    return bytes;
  }

  /** True when this repo holds the block. */
  hasBlock(cid: Cid): boolean {
    return this.getBlock(cid) !== null;
  }

  /** Stores blocks tagged with the commit's rev (inside the caller's transaction). */
  putBlocks(blocks: BlockMap, rev: string): void {
    for (const [cid, bytes] of blocks) this.table.put(this.did, cid.bytes, rev, bytes);
  }

  /** Removes blocks the new commit no longer references (inside the caller's transaction). */
  deleteBlocks(cids: Iterable<Cid>): void {
    for (const cid of cids) this.table.delete(this.did, cid.bytes);
  }

  /** Adds committed blocks to the cache. */
  remember(blocks: BlockMap): void {
    for (const [cid, bytes] of blocks) this.cache.set(cid.key, bytes);
  }
}
