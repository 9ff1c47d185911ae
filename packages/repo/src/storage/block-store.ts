import type { Cid } from "../cid.js";
import { MissingBlockError } from "../errors.js";
import type { BlockMap } from "./block-map.js";

/** Read access to content-addressed blocks. Synchronous: the PDS backs it with better-sqlite3. */
export interface ReadonlyBlockStore {
  /** The block's bytes, or null when absent. */
  getBlock(cid: Cid): Uint8Array | null;
  /** True when the block is present. */
  hasBlock(cid: Cid): boolean;
}

/** A block store that can also be written. Callers hash; the store trusts the CID it is given. */
export interface BlockStore extends ReadonlyBlockStore {
  /** Stores one block. */
  putBlock(cid: Cid, bytes: Uint8Array): void;
  /** Stores many blocks (one transaction in a database-backed store). */
  putBlocks(blocks: BlockMap): void;
}

/** The block's bytes; throws MissingBlockError when absent. */
export function readBlock(store: ReadonlyBlockStore, cid: Cid, what?: string): Uint8Array {
  const bytes = store.getBlock(cid);
  if (bytes === null) throw new MissingBlockError(cid, what);
  return bytes;
}

/** Blocks in a Map, for tests, staging and building repos in memory. */
export class MemoryBlockStore implements BlockStore {
  readonly #blocks = new Map<string, Uint8Array>();

  /** The block's bytes, or null when absent. */
  getBlock(cid: Cid): Uint8Array | null {
    return this.#blocks.get(cid.key) ?? null;
  }

  /** True when the block is present. */
  hasBlock(cid: Cid): boolean {
    return this.#blocks.has(cid.key);
  }

  /** Stores one block. */
  putBlock(cid: Cid, bytes: Uint8Array): void {
    this.#blocks.set(cid.key, bytes);
  }

  /** Stores many blocks. */
  putBlocks(blocks: BlockMap): void {
    for (const [cid, bytes] of blocks) this.#blocks.set(cid.key, bytes);
  }

  /** Number of blocks held. */
  get size(): number {
    return this.#blocks.size;
  }
}

/** Reads the upper store, then the lower; writes only the upper. A commit's staging area. */
export class OverlayBlockStore implements BlockStore {
  constructor(
    readonly upper: BlockStore,
    readonly lower: ReadonlyBlockStore,
  ) {}

  /** The block from the upper store, else the lower, else null. */
  getBlock(cid: Cid): Uint8Array | null {
    return this.upper.getBlock(cid) ?? this.lower.getBlock(cid);
  }

  /** True when either store has the block. */
  hasBlock(cid: Cid): boolean {
    return this.upper.hasBlock(cid) || this.lower.hasBlock(cid);
  }

  /** Stores one block in the upper store. */
  putBlock(cid: Cid, bytes: Uint8Array): void {
    this.upper.putBlock(cid, bytes);
  }

  /** Stores many blocks in the upper store. */
  putBlocks(blocks: BlockMap): void {
    this.upper.putBlocks(blocks);
  }
}
