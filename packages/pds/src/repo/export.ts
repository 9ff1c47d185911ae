import { BlockMap, Cid, formatDataKey, Mst, readBlock, readCommit } from "@putrecord/repo";
import { commitCar } from "./car.js";
import type { SqlBlockStore } from "./sql-block-store.js";

/** The whole repo at `head` as a CAR: the commit, every MST node and every record. */
export function exportRepoCar(store: SqlBlockStore, head: Cid): Uint8Array {
  const blocks = new BlockMap();
  const commit = readCommit(store, head);
  blocks.set(head, readBlock(store, head, "commit"));
  const mst = Mst.load(store, commit.data);
  for (const node of mst.nodes()) blocks.set(node.cid, node.block.bytes);
  for (const leaf of mst.leaves()) blocks.set(leaf.value, readBlock(store, leaf.value, "record"));
  return commitCar(head, blocks);
}

/** The blocks stored after rev `since` (a diff for a client that has the repo at `since`). */
export function exportSinceCar(store: SqlBlockStore, head: Cid, since: string): Uint8Array {
  const blocks = new BlockMap();
  for (const row of store.table.since.all(store.did, since)) blocks.set(Cid.decode(row.cid), row.bytes);
  return commitCar(head, blocks);
}

/** A proof CAR for one record key: the commit, the covering MST nodes and the record if present. */
export function recordProofCar(
  store: SqlBlockStore,
  head: Cid,
  collection: string,
  rkey: string,
): Uint8Array {
  const commit = readCommit(store, head);
  const mst = Mst.load(store, commit.data);
  const key = formatDataKey(collection, rkey);
  const blocks = new BlockMap().set(head, readBlock(store, head, "commit"));
  blocks.addMap(mst.coveringProof(key));
  const leaf = mst.get(key);
  if (leaf !== null) blocks.set(leaf, readBlock(store, leaf, "record"));
  return commitCar(head, blocks);
}
