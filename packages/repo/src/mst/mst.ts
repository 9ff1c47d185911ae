import type { Cid } from "../cid.js";
import { BlockMap } from "../storage/block-map.js";
import type { ReadonlyBlockStore } from "../storage/block-store.js";
import { buildTree } from "./build.js";
import { diffTrees, type MstDiff } from "./diff.js";
import { MstKeyExistsError, MstKeyNotFoundError } from "./errors.js";
import { ensureValidMstKey, keyHeight } from "./key.js";
import { MstNode } from "./node.js";
import { type NodeCache, NodeStore } from "./node-store.js";
import { coveringProof } from "./proof.js";
import { findKey, type MstLeaf, walkLeaves, walkNodes } from "./walk.js";
import { deleteKey, putKey } from "./wrangler.js";

/** Options of `Mst.list`: a key prefix and/or exclusive bounds, a limit, and the direction. */
export interface ListOptions {
  prefix?: string;
  /** Only keys greater than this. */
  after?: string;
  /** Only keys less than this. */
  before?: string;
  limit?: number;
  reverse?: boolean;
}

/**
 * An immutable Merkle Search Tree over a block store. Every change returns a new Mst; subtrees load
 * lazily; CIDs are computed only when asked for. Putting the same value again and deleting a missing
 * key return this same Mst, so callers can compare roots to detect a no-op.
 */
export class Mst {
  private constructor(
    readonly store: NodeStore,
    readonly root: MstNode,
  ) {}

  /** An empty tree reading from `blocks`. */
  static create(blocks: ReadonlyBlockStore): Mst {
    return new Mst(new NodeStore(blocks), MstNode.empty());
  }

  /** The tree holding exactly `leaves` (any order), built in one pass; throws on a repeated key. */
  static fromLeaves(blocks: ReadonlyBlockStore, leaves: readonly MstLeaf[]): Mst {
    return new Mst(new NodeStore(blocks), buildTree(leaves));
  }

  /** The tree whose root node is `cid`; nodes below it load on demand, through `cache` when given. */
  static load(blocks: ReadonlyBlockStore, cid: Cid, cache?: NodeCache): Mst {
    const store = new NodeStore(blocks, cache);
    return new Mst(store, store.loadRoot(cid));
  }

  /** The root CID (encodes the nodes changed since load). */
  rootCid(): Cid {
    return this.root.cid;
  }

  /** The value at `key`, or null. */
  get(key: string): Cid | null {
    return findKey(this.store, this.root, key);
  }

  /** Sets `key` to `value`, adding or replacing. */
  put(key: string, value: Cid): Mst {
    ensureValidMstKey(key);
    return this.#with(putKey(this.store, this.root, key, value, keyHeight(key)));
  }

  /** Adds a new key; throws MstKeyExistsError when it is present. */
  add(key: string, value: Cid): Mst {
    ensureValidMstKey(key);
    if (this.get(key) !== null) throw new MstKeyExistsError(key);
    return this.put(key, value);
  }

  /** Replaces the value of an existing key; throws MstKeyNotFoundError when it is absent. */
  update(key: string, value: Cid): Mst {
    ensureValidMstKey(key);
    if (this.get(key) === null) throw new MstKeyNotFoundError(key);
    return this.put(key, value);
  }

  /** Removes `key`; a missing key is a no-op. */
  delete(key: string): Mst {
    ensureValidMstKey(key);
    return this.#with(deleteKey(this.store, this.root, key, keyHeight(key)));
  }

  /** Leaves in key order (or reverse), filtered by prefix and exclusive bounds, up to `limit`. */
  list(options: ListOptions = {}): MstLeaf[] {
    let lo = options.after === undefined ? "" : `${options.after}\u0000`;
    let hi = options.before ?? null;
    if (options.prefix !== undefined) {
      if (options.prefix > lo) lo = options.prefix;
      const end = `${options.prefix}\u007f`;
      if (hi === null || end < hi) hi = end;
    }
    const out: MstLeaf[] = [];
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    if (limit <= 0) return out;
    for (const leaf of walkLeaves(this.store, this.root, { lo, hi }, options.reverse)) {
      out.push(leaf);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Every leaf in key order. */
  leaves(): Generator<MstLeaf> {
    return walkLeaves(this.store, this.root, { lo: "", hi: null });
  }

  /** Every node, parents first; for exports and full verification. */
  nodes(): Generator<MstNode> {
    return walkNodes(this.store, this.root);
  }

  /** Blocks of nodes created since load (not yet in the store). */
  unstoredBlocks(): BlockMap {
    const blocks = new BlockMap();
    forEachUnstored(this.root, (node) => blocks.set(node.cid, node.block.bytes));
    return blocks;
  }

  /** Puts the nodes created since load into `cache`, so a later load through it need not decode them. */
  cacheNewNodes(cache: NodeCache): void {
    forEachUnstored(this.root, (node) => cache.set(node.cid.key, node.detached()));
  }

  /** What changed from `older` to this tree: ops with old and new CIDs, and node blocks added and removed. */
  diff(older: Mst): MstDiff {
    return diffTrees(this.store, older.root, this.root);
  }

  /** The covering proof of `key` in this tree (presence or absence, and its neighbours). */
  coveringProof(key: string): BlockMap {
    return coveringProof(this.store, this.root, key);
  }

  #with(root: MstNode): Mst {
    return root === this.root ? this : new Mst(this.store, root);
  }
}

function forEachUnstored(node: MstNode, visit: (node: MstNode) => void): void {
  if (node.stored) return;
  visit(node);
  if (node.left !== null && "entries" in node.left) forEachUnstored(node.left, visit);
  for (const entry of node.entries) {
    if (entry.right !== null && "entries" in entry.right) forEachUnstored(entry.right, visit);
  }
}
