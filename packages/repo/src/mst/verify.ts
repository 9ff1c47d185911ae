import type { Cid } from "../cid.js";
import type { ReadonlyBlockStore } from "../storage/block-store.js";
import { readBlock } from "../storage/block-store.js";
import { InvalidMstNodeError } from "./errors.js";
import { keyHeight } from "./key.js";
import { decodeNode, type MstNode } from "./node.js";
import type { MstLeaf } from "./walk.js";

/**
 * Walks a whole tree from untrusted blocks and checks it is the canonical MST: valid keys (decodeNode
 * checks those), each on its own layer, strictly sorted across nodes, no empty subtrees, no root
 * without entries of its own.
 * Yields the leaves in key order; throws InvalidMstNodeError or MissingBlockError.
 */
export function* verifyMst(store: ReadonlyBlockStore, root: Cid): Generator<MstLeaf> {
  const node = decodeNode({ cid: root, bytes: readBlock(store, root, "mst root") }, 0);
  if (node.entries.length === 0) {
    if (node.left !== null) throw new InvalidMstNodeError(root, "root has no entries of its own");
    return;
  }
  yield* verifyNode(store, node, keyHeight(node.entries[0]!.key), null, null);
}

function* verifyNode(
  store: ReadonlyBlockStore,
  node: MstNode,
  layer: number,
  lo: string | null,
  hi: string | null,
): Generator<MstLeaf> {
  const fail = (reason: string): never => {
    throw new InvalidMstNodeError(node.cid, reason);
  };
  if (node.isEmpty()) fail("empty subtree");
  if (layer === 0 && (node.left !== null || node.entries.some((e) => e.right !== null)))
    fail("subtree below layer 0");
  let below = lo;
  for (let i = 0; i <= node.entries.length; i++) {
    const entry = node.entries[i];
    const above = entry === undefined ? hi : entry.key;
    const gap = node.gap(i);
    if (gap !== null) {
      const child = decodeNode(
        { cid: gap as Cid, bytes: readBlock(store, gap as Cid, "mst node") },
        layer - 1,
      );
      yield* verifyNode(store, child, layer - 1, below, above);
    }
    if (entry === undefined) break;
    if (keyHeight(entry.key) !== layer) fail(`key ${entry.key} is not on layer ${layer}`);
    if ((lo !== null && entry.key <= lo) || (hi !== null && entry.key >= hi))
      fail(`key ${entry.key} is out of order`);
    yield entry;
    below = entry.key;
  }
}
