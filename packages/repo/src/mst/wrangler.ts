import type { Cid } from "../cid.js";
import { type MstEntry, MstNode, type NodeRef } from "./node.js";
import type { NodeStore } from "./node-store.js";

// Put and delete take a root and return a root. Every node they touch is copied, never changed, and
// an unchanged result is the very same object, so callers detect no-ops by identity.

/** Puts `value` at `key` (of layer `height`); returns `root` itself when the value is already there. */
export function putKey(store: NodeStore, root: MstNode, key: string, value: Cid, height: number): MstNode {
  let node = root;
  if (height > node.layer) {
    if (node.isEmpty()) node = new MstNode(height, null, []);
    // Grow the tree upwards: each new root holds the old one as its only subtree.
    while (node.layer < height) node = new MstNode(node.layer + 1, node, []);
  }
  return putIn(store, node, key, value, height);
}

function putIn(store: NodeStore, node: MstNode, key: string, value: Cid, height: number): MstNode {
  const i = node.lowerBound(key);
  const gap = node.gap(i);
  if (height === node.layer) {
    const found = node.entries[i];
    if (found?.key === key) {
      if (found.value.equals(value)) return node;
      const entries = node.entries.slice();
      entries[i] = { key, value, right: found.right };
      return new MstNode(node.layer, node.left, entries);
    }
    const [lo, hi] = gap === null ? [null, null] : split(store, store.resolve(gap, node.layer - 1), key);
    const entries = node.entries.slice();
    entries.splice(i, 0, { key, value, right: hi });
    if (i === 0) return new MstNode(node.layer, lo, entries);
    entries[i - 1] = { ...entries[i - 1]!, right: lo };
    return new MstNode(node.layer, node.left, entries);
  }
  const child = gap === null ? new MstNode(node.layer - 1, null, []) : store.resolve(gap, node.layer - 1);
  const next = putIn(store, child, key, value, height);
  return next === child ? node : node.withGap(i, next);
}

/** Splits a subtree around a key that belongs higher up: keys below it, keys above it. */
function split(store: NodeStore, node: MstNode, key: string): [MstNode | null, MstNode | null] {
  const i = node.lowerBound(key);
  const gap = node.gap(i);
  const [lo, hi] = gap === null ? [null, null] : split(store, store.resolve(gap, node.layer - 1), key);
  const leftEntries = node.entries.slice(0, i);
  let left: MstNode;
  if (i === 0) left = new MstNode(node.layer, lo, leftEntries);
  else {
    leftEntries[i - 1] = { ...leftEntries[i - 1]!, right: lo };
    left = new MstNode(node.layer, node.left, leftEntries);
  }
  const right = new MstNode(node.layer, hi, node.entries.slice(i));
  return [nonEmpty(left), nonEmpty(right)];
}

/** Deletes `key` (of layer `height`); returns `root` itself when the key is absent. */
export function deleteKey(store: NodeStore, root: MstNode, key: string, height: number): MstNode {
  if (height > root.layer) return root;
  const next = deleteIn(store, root, key, height);
  if (next === root) return root;
  // Trim the top: a root with no entries of its own is replaced by its only subtree.
  let top = next;
  while (top !== null && top.entries.length === 0 && top.left !== null)
    top = store.resolve(top.left, top.layer - 1);
  return top ?? MstNode.empty();
}

function deleteIn(store: NodeStore, node: MstNode, key: string, height: number): MstNode | null {
  const i = node.lowerBound(key);
  if (height === node.layer) {
    const found = node.entries[i];
    if (found?.key !== key) return node;
    const merged = merge(store, node.gap(i), found.right, node.layer - 1);
    const entries = node.entries.slice();
    entries.splice(i, 1);
    if (i === 0) return nonEmpty(new MstNode(node.layer, merged, entries));
    entries[i - 1] = { ...entries[i - 1]!, right: merged };
    return nonEmpty(new MstNode(node.layer, node.left, entries));
  }
  const gap = node.gap(i);
  if (gap === null) return node;
  const child = store.resolve(gap, node.layer - 1);
  const next = deleteIn(store, child, key, height);
  if (next === child) return node;
  return nonEmpty(node.withGap(i, next));
}

/** Joins two adjacent subtrees of one layer whose separating key was deleted. */
function merge(store: NodeStore, a: NodeRef | null, b: NodeRef | null, layer: number): NodeRef | null {
  if (a === null) return b;
  if (b === null) return a;
  const left = store.resolve(a, layer);
  const right = store.resolve(b, layer);
  const n = left.entries.length;
  const mid = merge(store, left.gap(n), right.left, layer - 1);
  const entries: MstEntry[] = left.entries.slice();
  if (n === 0) {
    entries.push(...right.entries);
    return new MstNode(layer, mid, entries);
  }
  entries[n - 1] = { ...entries[n - 1]!, right: mid };
  entries.push(...right.entries);
  return new MstNode(layer, left.left, entries);
}

function nonEmpty(node: MstNode): MstNode | null {
  return node.isEmpty() ? null : node;
}
