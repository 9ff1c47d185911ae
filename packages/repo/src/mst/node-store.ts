import type { Cid } from "../cid.js";
import type { ReadonlyBlockStore } from "../storage/block-store.js";
import { readBlock } from "../storage/block-store.js";
import { keyHeight } from "./key.js";
import { decodeNode, MstNode, type NodeRef } from "./node.js";

/**
 * Decoded nodes by `Cid.key`. A node is immutable and named by its content, so one cache may serve
 * many loads, even of different repos: a hit only spares decoding, it never vouches that a store
 * holds the block. A Map serves one load; a bounded cache can outlive it.
 */
export interface NodeCache {
  get(key: string): MstNode | undefined;
  set(key: string, node: MstNode): void;
}

/** Decoded MST nodes cached by CID over a block store; shared by every tree derived from one load. */
export class NodeStore {
  constructor(
    readonly blocks: ReadonlyBlockStore,
    readonly cache: NodeCache = new Map(),
  ) {}

  /** The node at `cid`, decoded at `layer`; throws MissingBlockError or InvalidMstNodeError. */
  load(cid: Cid, layer: number): MstNode {
    const key = cid.key;
    let node = this.cache.get(key);
    // A node without keys takes its layer from where it hangs, so a cached one may not fit here.
    if (node === undefined || node.layer !== layer) {
      node = decodeNode({ cid, bytes: readBlock(this.blocks, cid, "mst node") }, layer);
      this.cache.set(key, node);
    }
    return node;
  }

  /** Loads a root, whose layer is not known from a parent: its keys' layer, or one above its subtree. */
  loadRoot(cid: Cid): MstNode {
    const cached = this.cache.get(cid.key);
    if (cached !== undefined && cached.entries.length > 0) return cached;
    const probe = decodeNode({ cid, bytes: readBlock(this.blocks, cid, "mst root") }, 0);
    const first = probe.entries[0];
    let layer = 0;
    if (first !== undefined) layer = keyHeight(first.key);
    else if (probe.left !== null) layer = this.loadRoot(probe.left as Cid).layer + 1;
    const node = new MstNode(layer, probe.left, probe.entries, probe.block);
    this.cache.set(cid.key, node);
    return node;
  }

  /** Resolves a subtree reference to a node. */
  resolve(ref: NodeRef, layer: number): MstNode {
    return "entries" in ref ? ref : this.load(ref, layer);
  }
}
