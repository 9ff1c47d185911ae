import type { Cid } from "../cid.js";
import type { MstNode } from "./node.js";
import type { NodeStore } from "./node-store.js";

/** A key and the CID stored at it. */
export interface MstLeaf {
  key: string;
  value: Cid;
}

/** The value at `key`, or null; loads only the nodes on the key's path. */
export function findKey(store: NodeStore, root: MstNode, key: string): Cid | null {
  let node = root;
  for (;;) {
    const i = node.lowerBound(key);
    const found = node.entries[i];
    if (found?.key === key) return found.value;
    const gap = node.gap(i);
    if (gap === null) return null;
    node = store.resolve(gap, node.layer - 1);
  }
}

/** Key bounds of a walk: `lo` inclusive, `hi` exclusive (null: unbounded). */
export interface KeyRange {
  lo: string;
  hi: string | null;
}

/** Yields the leaves within `range` in key order (or reverse), loading only overlapping subtrees. */
export function* walkLeaves(
  store: NodeStore,
  node: MstNode,
  range: KeyRange,
  reverse = false,
): Generator<MstLeaf> {
  const n = node.entries.length;
  const inGap = (i: number): boolean => {
    // Gap i holds keys strictly between entry i-1 and entry i.
    const above = i < n ? node.entries[i]!.key : null;
    const below = i > 0 ? node.entries[i - 1]!.key : null;
    if (above !== null && above <= range.lo) return false;
    return !(range.hi !== null && below !== null && below >= range.hi);
  };
  const inRange = (key: string): boolean => key >= range.lo && (range.hi === null || key < range.hi);
  if (!reverse) {
    for (let i = 0; i <= n; i++) {
      const gap = node.gap(i);
      if (gap !== null && inGap(i)) yield* walkLeaves(store, store.resolve(gap, node.layer - 1), range);
      if (i < n && inRange(node.entries[i]!.key)) yield node.entries[i]!;
    }
    return;
  }
  for (let i = n; i >= 0; i--) {
    if (i < n && inRange(node.entries[i]!.key)) yield node.entries[i]!;
    const gap = node.gap(i);
    if (gap !== null && inGap(i)) yield* walkLeaves(store, store.resolve(gap, node.layer - 1), range, true);
  }
}

/** Yields every node of the tree, parents before children, left to right. */
export function* walkNodes(store: NodeStore, node: MstNode): Generator<MstNode> {
  yield node;
  if (node.left !== null) yield* walkNodes(store, store.resolve(node.left, node.layer - 1));
  for (const entry of node.entries) {
    if (entry.right !== null) yield* walkNodes(store, store.resolve(entry.right, node.layer - 1));
  }
}
