import { BlockMap, Cid, encodeCar } from "@putrecord/repo";
import type { SqlBlockStore } from "./sql-block-store.js";

/** The blocks stored after rev `since` (a diff for a client that has the repo at `since`), as a CAR. */
export function exportSinceCar(store: SqlBlockStore, head: Cid, since: string): Uint8Array {
  const blocks = new BlockMap();
  for (const row of store.table.since.all(store.did, since)) blocks.set(Cid.decode(row.cid), row.bytes);
  return encodeCar([head], blocks);
}
