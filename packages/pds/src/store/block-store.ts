import type { BlockMap, Cid, ReadonlyBlockStore } from "@putrecord/repo";
import type { BlockTable } from "./block-table.js";
import type { LruCache } from "./lru-cache.js";

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

  /**
   * Stores blocks tagged with the commit's rev (inside the caller's transaction); `lasting` names the
   * ones no later commit will delete (records), which skip the recent partition.
   */
  putBlocks(blocks: BlockMap, rev: string, lasting?: (cid: Cid) => boolean): void {
    for (const [cid, bytes] of blocks) this.table.put(this.did, cid.bytes, rev, bytes, lasting?.(cid));
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
