import { CBOR, Cid, type LexValue, type MstNode } from "@putrecord/repo";
import type { Db } from "../db/database.js";
import { BacklinkIndex } from "./backlinks.js";
import { SqlBlockStore } from "./block-store.js";
import { BlockTable } from "./block-table.js";
import { RepoNotFoundError } from "./errors.js";
import { LruCache } from "./lru-cache.js";
import { RecordIndex, type RecordRow } from "./record-index.js";
import { type RepoRoot, RootTable } from "./root-table.js";
import { Snapshots } from "./snapshot.js";

/** Bytes of block data kept in memory across all repos. */
export const BLOCK_CACHE_BYTES = 64 * 1024 * 1024;
/** Decoded MST nodes kept in memory across all repos, weighed by block size (see nodeWeight). */
export const NODE_CACHE_WEIGHT = 32 * 1024 * 1024;

/** A decoded node's rough footprint: its block, plus the key strings and CID objects decoding makes. */
function nodeWeight(node: MstNode): number {
  return 256 + 3 * node.block.bytes.length;
}

/**
 * Every hosted repo as stored in pds.sqlite: the tables a commit writes (blocks, heads, records,
 * backlinks), the caches in front of them, and the reads the API serves. It never writes on its own:
 * the write pipeline (src/write/) stores commits through the tables, inside its transaction.
 */
export class RepoStore {
  readonly roots: RootTable;
  readonly records: RecordIndex;
  readonly backlinks: BacklinkIndex;
  readonly blocks: BlockTable;
  /** Consistent views for reads that span many event-loop turns. */
  readonly snapshots: Snapshots;
  /** Block bytes by CID, filled on read and after each durable commit. */
  readonly blockCache = new LruCache<Uint8Array>(BLOCK_CACHE_BYTES, (bytes) => bytes.length);
  /** Decoded MST nodes: a repo written again soon decodes none of the tree its last commit left. */
  readonly nodes = new LruCache<MstNode>(NODE_CACHE_WEIGHT, nodeWeight);

  constructor(
    db: Db,
    /** Read snapshots open at once (streamed getRepo), and the longest one may stay open. */
    snapshotLimits: { max: number; maxMs: number },
  ) {
    this.roots = new RootTable(db);
    this.records = new RecordIndex(db);
    this.backlinks = new BacklinkIndex(db);
    this.blocks = new BlockTable(db);
    this.snapshots = new Snapshots(db.name, snapshotLimits);
  }

  /** One repo's block store (reads through the shared cache). */
  blockStore(did: string): SqlBlockStore {
    return new SqlBlockStore(this.blocks, this.blockCache, did);
  }

  /** The repo's head, or null when it is not hosted here. */
  attemptHead(did: string): RepoRoot | null {
    return this.roots.attemptGet(did);
  }

  /** The repo's head; throws RepoNotFoundError. */
  head(did: string): RepoRoot {
    const root = this.roots.attemptGet(did);
    if (root === null) throw new RepoNotFoundError(did);
    return root;
  }

  /** A record's CID and value, or null when absent. */
  attemptRecord(did: string, collection: string, rkey: string): { cid: string; value: LexValue } | null {
    const cid = this.records.attemptCid(did, collection, rkey);
    if (cid === null) return null;
    const bytes = this.blockStore(did).getBlock(Cid.parse(cid));
    return bytes === null ? null : { cid, value: CBOR.decode(bytes) };
  }

  /**
   * A page of a collection with the records' values: at most `limit` records, and none after the one
   * that brings the page's record blocks to `maxBytes` (so one page of large records stays small).
   */
  listRecords(
    did: string,
    collection: string,
    opts: { limit: number; cursor?: string; reverse?: boolean; maxBytes: number },
  ): (RecordRow & { value: LexValue })[] {
    const store = this.blockStore(did);
    const page: (RecordRow & { value: LexValue })[] = [];
    let bytes = 0;
    for (const row of this.records.list(did, collection, opts)) {
      const block = store.getBlock(Cid.parse(row.cid));
      if (block === null) continue;
      page.push({ ...row, value: CBOR.decode(block) });
      bytes += block.length;
      if (bytes >= opts.maxBytes) break;
    }
    return page;
  }
}
