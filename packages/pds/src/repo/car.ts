import { type BlockMap, CBOR, type Cid, concatBytes } from "@putrecord/repo";
import { encodeVarint } from "@putrecord/repo/bytes/varint.js";

/**
 * A CAR v1 with `root` as its only root and the blocks of each map (a block in several maps is
 * written once). Used for firehose events, where the commit block must come first among the roots.
 */
export function commitCar(root: Cid, ...maps: BlockMap[]): Uint8Array {
  const header = CBOR.encode({ version: 1, roots: [root] });
  const parts: Uint8Array[] = [encodeVarint(header.length), header];
  const seen = new Set<string>();
  for (const map of maps) {
    for (const [cid, bytes] of map) {
      const key = cid.toString();
      if (seen.has(key)) continue;
      seen.add(key);
      parts.push(encodeVarint(cid.bytes.length + bytes.length), cid.bytes, bytes);
    }
  }
  return concatBytes(parts);
}
