import type { Cid } from "../cid.js";
import { BlockMap, CidSet } from "../storage/block-map.js";
import { type MstEntry, type MstNode, type NodeRef, refCid } from "./node.js";
import type { NodeStore } from "./node-store.js";

/** One changed key between two trees: create has no prev, delete has no cid. */
export interface MstOp {
  action: "create" | "update" | "delete";
  key: string;
  cid: Cid | null;
  prev: Cid | null;
}

/** What changed between two trees: key ops in key order, and MST node blocks added and removed. */
export interface MstDiff {
  ops: MstOp[];
  newNodes: BlockMap;
  removedNodes: CidSet;
  /** Record CIDs that the new tree references where the old did not (creates and updates). */
  newLeaves: CidSet;
}

type Item = { leaf: MstEntry } | { tree: NodeRef; layer: number };

interface Walk {
  store: NodeStore;
  ops: MstOp[];
  oldNodes: Map<string, MstNode>;
  newNodes: Map<string, MstNode>;
}

/**
 * Diffs two trees, descending only where they differ. Both trees are read layer by layer as lists of
 * leaves and subtrees; leaves present in both split the lists into aligned segments, and a segment
 * whose subtrees have equal CIDs is skipped without loading it.
 */
export function diffTrees(store: NodeStore, oldRoot: MstNode, newRoot: MstNode): MstDiff {
  const walk: Walk = { store, ops: [], oldNodes: new Map(), newNodes: new Map() };
  if (!oldRoot.cid.equals(newRoot.cid)) {
    const layer = Math.max(oldRoot.layer, newRoot.layer);
    diffLayer(
      walk,
      layer,
      rootItems(walk.oldNodes, oldRoot, layer),
      rootItems(walk.newNodes, newRoot, layer),
    );
  }
  const newNodes = new BlockMap();
  for (const [key, node] of walk.newNodes)
    if (!walk.oldNodes.has(key)) newNodes.set(node.cid, node.block.bytes);
  const removedNodes = new CidSet();
  for (const [key, node] of walk.oldNodes) if (!walk.newNodes.has(key)) removedNodes.add(node.cid);
  const newLeaves = new CidSet();
  for (const op of walk.ops) if (op.cid !== null) newLeaves.add(op.cid);
  walk.ops.sort((a, b) => (a.key < b.key ? -1 : 1));
  return { ops: walk.ops, newNodes, removedNodes, newLeaves };
}

function rootItems(seen: Map<string, MstNode>, root: MstNode, layer: number): Item[] {
  // A lower root sits under the other tree's top layers as a subtree, passed down until its layer.
  if (root.layer < layer) {
    if (!root.isEmpty()) return [{ tree: root, layer: root.layer }];
    seen.set(root.cid.key, root);
    return [];
  }
  return expand(seen, root);
}

function expand(seen: Map<string, MstNode>, node: MstNode): Item[] {
  seen.set(node.cid.key, node);
  const items: Item[] = [];
  if (node.left !== null) items.push({ tree: node.left, layer: node.layer - 1 });
  for (const entry of node.entries) {
    items.push({ leaf: entry });
    if (entry.right !== null) items.push({ tree: entry.right, layer: node.layer - 1 });
  }
  return items;
}

function diffLayer(walk: Walk, layer: number, oldItems: Item[], newItems: Item[]): void {
  let o = 0;
  let n = 0;
  for (;;) {
    const oldSeg: Item[] = [];
    const newSeg: Item[] = [];
    // Collect both sides up to the next leaf key they share.
    let shared: [MstEntry, MstEntry] | null = null;
    while (o < oldItems.length || n < newItems.length) {
      const a = oldItems[o];
      const b = newItems[n];
      if (a && "tree" in a) {
        oldSeg.push(a);
        o++;
      } else if (b && "tree" in b) {
        newSeg.push(b);
        n++;
      } else if (a && b && a.leaf.key === b.leaf.key) {
        shared = [a.leaf, b.leaf];
        o++;
        n++;
        break;
      } else if (a && (!b || a.leaf.key < b.leaf.key)) {
        walk.ops.push({ action: "delete", key: a.leaf.key, cid: null, prev: a.leaf.value });
        o++;
      } else if (b) {
        walk.ops.push({ action: "create", key: b.leaf.key, cid: b.leaf.value, prev: null });
        n++;
      }
    }
    diffSegment(walk, layer, oldSeg, newSeg);
    if (shared === null) return;
    if (!shared[0].value.equals(shared[1].value)) {
      walk.ops.push({ action: "update", key: shared[0].key, cid: shared[1].value, prev: shared[0].value });
    }
  }
}

function diffSegment(walk: Walk, layer: number, oldSeg: Item[], newSeg: Item[]): void {
  if (oldSeg.length === 0 && newSeg.length === 0) return;
  if (oldSeg.length === 1 && newSeg.length === 1) {
    const a = oldSeg[0] as { tree: NodeRef };
    const b = newSeg[0] as { tree: NodeRef };
    if (refCid(a.tree).equals(refCid(b.tree))) return;
  }
  diffLayer(
    walk,
    layer - 1,
    lower(walk, walk.oldNodes, oldSeg, layer - 1),
    lower(walk, walk.newNodes, newSeg, layer - 1),
  );
}

function lower(walk: Walk, seen: Map<string, MstNode>, seg: Item[], layer: number): Item[] {
  const items: Item[] = [];
  for (const item of seg) {
    const { tree, layer: treeLayer } = item as { tree: NodeRef; layer: number };
    if (treeLayer < layer) items.push(item);
    else items.push(...expand(seen, walk.store.resolve(tree, layer)));
  }
  return items;
}
