import { BlockMap } from "../storage/block-map.js";
import type { MstNode } from "./node.js";
import type { NodeStore } from "./node-store.js";

/**
 * The covering proof of one key: the nodes on its path and, when present, the nodes on the paths to
 * its neighbours (right spine of the subtree left of it, left spine of the one right of it). With
 * these blocks alone a consumer can prove presence or absence and undo a create or delete of the key.
 */
export function coveringProof(store: NodeStore, root: MstNode, key: string): BlockMap {
  const blocks = new BlockMap();
  let node: MstNode | null = root;
  while (node !== null) {
    blocks.set(node.cid, node.block.bytes);
    const i = node.lowerBound(key);
    if (node.entries[i]?.key === key) {
      addSpine(store, blocks, node, i, "right");
      addSpine(store, blocks, node, i + 1, "left");
      break;
    }
    const gap = node.gap(i);
    node = gap === null ? null : store.resolve(gap, node.layer - 1);
  }
  return blocks;
}

function addSpine(
  store: NodeStore,
  blocks: BlockMap,
  parent: MstNode,
  gapIndex: number,
  side: "left" | "right",
) {
  let ref = parent.gap(gapIndex);
  let layer = parent.layer - 1;
  while (ref !== null) {
    const node = store.resolve(ref, layer);
    blocks.set(node.cid, node.block.bytes);
    ref = side === "left" ? node.left : node.gap(node.entries.length);
    layer--;
  }
}
