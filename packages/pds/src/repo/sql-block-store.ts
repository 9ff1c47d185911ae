import type { BlockMap, Cid, ReadonlyBlockStore } from "@putrecord/repo";
import type Database from "better-sqlite3";
import type { Db } from "../db/database.js";
import type { BlockCache } from "./block-cache.js";

/** Prepared statements over repo_block, created once per database. */
export class BlockTable {
  readonly get: Database.Statement<[string, Uint8Array], Buffer>;
  readonly put: Database.Statement<[string, Uint8Array, string, Uint8Array]>;
  readonly delete: Database.Statement<[string, Uint8Array]>;
  readonly since: Database.Statement<[string, string], { cid: Buffer; bytes: Buffer }>;

  constructor(db: Db) {
    this.get = db
      .prepare<[string, Uint8Array], Buffer>("SELECT bytes FROM repo_block WHERE did = ? AND cid = ?")
      .pluck();
    this.put = db.prepare("INSERT OR IGNORE INTO repo_block (did, cid, rev, bytes) VALUES (?, ?, ?, ?)");
    this.delete = db.prepare("DELETE FROM repo_block WHERE did = ? AND cid = ?");
    this.since = db.prepare("SELECT cid, bytes FROM repo_block WHERE did = ? AND rev > ? ORDER BY rev");
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
    readonly cache: BlockCache,
    readonly did: string,
  ) {}

  /** The block's bytes, or null when this repo does not hold it. */
  getBlock(cid: Cid): Uint8Array | null {
    const key = cid.toString();
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const bytes = this.table.get.get(this.did, cid.bytes);
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
    for (const [cid, bytes] of blocks) this.table.put.run(this.did, cid.bytes, rev, bytes);
  }

  /** Removes blocks the new commit no longer references (inside the caller's transaction). */
  deleteBlocks(cids: Iterable<Cid>): void {
    for (const cid of cids) this.table.delete.run(this.did, cid.bytes);
  }

  /** Adds committed blocks to the cache. */
  remember(blocks: BlockMap): void {
    for (const [cid, bytes] of blocks) this.cache.set(cid.toString(), bytes);
  }
}
