import type { Cid } from "../cid.js";
import { Mst } from "../mst/mst.js";
import { decodeNode } from "../mst/node.js";
import { readCommit } from "../repo/commit.js";
import { formatDataKey } from "../repo/data-key.js";
import { BlockMap } from "../storage/block-map.js";
import { type ReadonlyBlockStore, readBlock } from "../storage/block-store.js";
import { encodeCar } from "./encode.js";

/**
 * Yields every block of the repo at commit `commitCid`: the commit, then each MST node followed by
 * its records and subtrees in key order. Nodes are decoded one at a time and not kept, so memory
 * stays flat for large repos (sync.getRepo).
 */
export function* exportRepoBlocks(store: ReadonlyBlockStore, commitCid: Cid): Generator<[Cid, Uint8Array]> {
  yield [commitCid, readBlock(store, commitCid, "commit")];
  const commit = readCommit(store, commitCid);
  yield* exportNode(store, commit.data);
}

function* exportNode(store: ReadonlyBlockStore, cid: Cid): Generator<[Cid, Uint8Array]> {
  const bytes = readBlock(store, cid, "mst node");
  yield [cid, bytes];
  // The layer does not matter for walking; only the links do.
  const node = decodeNode({ cid, bytes }, 0);
  if (node.left !== null) yield* exportNode(store, node.left as Cid);
  for (const entry of node.entries) {
    yield [entry.value, readBlock(store, entry.value, "record")];
    if (entry.right !== null) yield* exportNode(store, entry.right as Cid);
  }
}

/** The whole repo at `commitCid` as a CAR v1 file with the commit as root. */
export function exportRepoCar(store: ReadonlyBlockStore, commitCid: Cid): Uint8Array {
  return encodeCar([commitCid], exportRepoBlocks(store, commitCid));
}

/**
 * The blocks proving one record (present or absent) at commit `commitCid`: the commit, the key's
 * covering proof, and the record block when it exists (sync.getRecord).
 */
export function recordProofBlocks(
  store: ReadonlyBlockStore,
  commitCid: Cid,
  collection: string,
  rkey: string,
): BlockMap {
  const key = formatDataKey(collection, rkey);
  const commit = readCommit(store, commitCid);
  const blocks = new BlockMap().set(commitCid, readBlock(store, commitCid, "commit"));
  const mst = Mst.load(store, commit.data);
  blocks.addMap(mst.coveringProof(key));
  const cid = mst.get(key);
  if (cid !== null) blocks.set(cid, readBlock(store, cid, "record"));
  return blocks;
}

/** `recordProofBlocks` as a CAR v1 file with the commit as root. */
export function recordProofCar(
  store: ReadonlyBlockStore,
  commitCid: Cid,
  collection: string,
  rkey: string,
): Uint8Array {
  return encodeCar([commitCid], recordProofBlocks(store, commitCid, collection, rkey));
}
