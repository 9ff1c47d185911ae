import { MstKeyExistsError } from "./errors.js";
import { ensureValidMstKey, keyHeight } from "./key.js";
import { type MstEntry, MstNode } from "./node.js";
import type { MstLeaf } from "./walk.js";

/**
 * Builds the canonical tree of `leaves` in one pass, without the per-key copies that adding keys one
 * by one makes: a node at layer L holds the keys of layer L in its range, and each gap between them is
 * the node of layer L-1 over the keys in that gap. Throws InvalidMstKeyError or MstKeyExistsError.
 */
export function buildTree(leaves: readonly MstLeaf[]): MstNode {
  const sorted = [...leaves].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const heights = new Array<number>(sorted.length);
  let top = 0;
  for (let i = 0; i < sorted.length; i++) {
    const key = sorted[i]!.key;
    ensureValidMstKey(key);
    if (i > 0 && sorted[i - 1]!.key === key) throw new MstKeyExistsError(key);
    heights[i] = keyHeight(key);
    if (heights[i]! > top) top = heights[i]!;
  }
  return build(sorted, heights, top, 0, sorted.length) ?? MstNode.empty();
}

function build(
  leaves: readonly MstLeaf[],
  heights: number[],
  layer: number,
  lo: number,
  hi: number,
): MstNode | null {
  if (lo >= hi) return null;
  const entries: MstEntry[] = [];
  let left: MstNode | null = null;
  let start = lo;
  for (let i = lo; i <= hi; i++) {
    if (i < hi && heights[i] !== layer) continue;
    // Keys start..i-1 lie below layer: they form the subtree in this gap.
    const gap = layer > 0 ? build(leaves, heights, layer - 1, start, i) : null;
    if (entries.length === 0) left = gap;
    else entries[entries.length - 1] = { ...entries[entries.length - 1]!, right: gap };
    if (i < hi) entries.push({ key: leaves[i]!.key, value: leaves[i]!.value, right: null });
    start = i + 1;
  }
  return new MstNode(layer, left, entries);
}
