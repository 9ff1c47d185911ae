import type Database from "better-sqlite3";
import type { Db } from "../db/database.js";

/**
 * Recent rows (see migration 006) at which the oldest half is settled. Only blocks likely to die soon
 * are recent (records go to the settled index at once), so this holds the nodes the latest commits
 * left, in about two index pages. WAL frames per sequential create at 1,500–3,000 records (bench/
 * wal-frames.ts): 64 rows 13.0, 128 rows 14.4, 512 rows 15.7 (those fill with the MST's lasting
 * nodes, ten pages that every commit touches at random); 16 writers over 8 repos 5.3 at 64 and 128.
 */
export const RECENT_BLOCKS_LIMIT = 64;

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
 * repo_block, whose (did, cid) index is split in two partial indexes: blocks likely to die soon (MST
 * nodes, commits: the next commit on their path replaces them) are `recent`, in a small index that
 * every commit rewrites anyway, and rows still alive when the recent set fills are `settled` in one
 * batch (the big index, which a commit then rarely touches). Blocks that last (records: nothing
 * deletes a record's block) go to the settled index at once, so the recent index holds only the few
 * nodes the latest commits left and stays a page or two. A block is in one partition only: it is
 * stored in one only if the other does not hold it. Calls run inside the caller's transaction.
 */
export class BlockTable extends BlockReader {
  readonly #putRecent: Database.Statement<[string, Uint8Array, string, Uint8Array, string, Uint8Array]>;
  readonly #putSettled: Database.Statement<[string, Uint8Array, string, Uint8Array, string, Uint8Array]>;
  readonly #deleteRecent: Database.Statement<[string, Uint8Array]>;
  readonly #deleteSettled: Database.Statement<[string, Uint8Array]>;
  readonly #settle: Database.Statement<[number]>;
  readonly #countRecent: Database.Statement<[], number>;
  /** Recent rows, counted as they are written; recounted whenever rows are settled. */
  #recent: number;

  constructor(readonly db: Db) {
    super(db);
    const put = (partition: number) =>
      db.prepare<[string, Uint8Array, string, Uint8Array, string, Uint8Array]>(
        `INSERT OR IGNORE INTO repo_block (did, cid, rev, bytes, settled) SELECT ?, ?, ?, ?, ${partition}
         WHERE NOT EXISTS (SELECT 1 FROM repo_block WHERE did = ? AND cid = ? AND settled = ${1 - partition})`,
      );
    this.#putRecent = put(0);
    this.#putSettled = put(1);
    this.#deleteRecent = db.prepare("DELETE FROM repo_block WHERE did = ? AND cid = ? AND settled = 0");
    this.#deleteSettled = db.prepare("DELETE FROM repo_block WHERE did = ? AND cid = ? AND settled = 1");
    this.#settle = db.prepare(
      `UPDATE repo_block SET settled = 1
       WHERE id IN (SELECT id FROM repo_block INDEXED BY repo_block_recent WHERE settled = 0 ORDER BY id LIMIT ?)`,
    );
    this.#countRecent = db.prepare<[], number>("SELECT count(*) FROM repo_block WHERE settled = 0").pluck();
    this.#recent = this.#countRecent.get()!;
  }

  /** Stores a block unless the repo already holds it: as settled when it will last, else as recent. */
  put(did: string, cid: Uint8Array, rev: string, bytes: Uint8Array, lasting = false): void {
    if (lasting) this.#putSettled.run(did, cid, rev, bytes, did, cid);
    else if (this.#putRecent.run(did, cid, rev, bytes, did, cid).changes > 0) this.#recent++;
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
