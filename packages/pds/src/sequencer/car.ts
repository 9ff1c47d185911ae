import { BlockMap, type Cid, encodeCar } from "@putrecord/repo";

/**
 * A CAR v1 rooted at `root` holding the union of the maps (a block in several is written once): a
 * firehose event's newBlocks ∪ relevantBlocks, with the commit as its root.
 */
export function commitCar(root: Cid, ...maps: BlockMap[]): Uint8Array {
  const blocks = new BlockMap();
  for (const map of maps) blocks.addMap(map);
  return encodeCar([root], blocks);
}
