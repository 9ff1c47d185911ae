import type { Cid } from "../cid.js";
import type { ReadonlyBlockStore } from "../storage/block-store.js";
import { readBlock } from "../storage/block-store.js";
import { keyHeight } from "./key.js";
import { decodeNode, MstNode, type NodeRef } from "./node.js";

/** Decoded MST nodes cached by CID over a block store; shared by every tree derived from one load. */
export class NodeStore {
  readonly #cache = new Map<string, MstNode>();

  constructor(readonly blocks: ReadonlyBlockStore) {}

  /** The node at `cid`, decoded at `layer`; throws MissingBlockError or InvalidMstNodeError. */
  load(cid: Cid, layer: number): MstNode {
    const key = cid.key;
    let node = this.#cache.get(key);
    if (node === undefined) {
      node = decodeNode({ cid, bytes: readBlock(this.blocks, cid, "mst node") }, layer);
      this.#cache.set(key, node);
    }
    return node;
  }

  /** Loads a root, whose layer is not known from a parent: its keys' layer, or one above its subtree. */
  loadRoot(cid: Cid): MstNode {
    const probe = decodeNode({ cid, bytes: readBlock(this.blocks, cid, "mst root") }, 0);
    const first = probe.entries[0];
    let layer = 0;
    if (first !== undefined) layer = keyHeight(first.key);
    else if (probe.left !== null) layer = this.loadRoot(probe.left as Cid).layer + 1;
    const node = new MstNode(layer, probe.left, probe.entries, probe.block);
    this.#cache.set(cid.key, node);
    return node;
  }

  /** Resolves a subtree reference to a node. */
  resolve(ref: NodeRef, layer: number): MstNode {
    return "entries" in ref ? ref : this.load(ref, layer);
  }
}
