import type { BlockMap, CommitData } from "@putrecord/repo";
import type { BlobIndex } from "../blob/blob-index.js";
import { commitCar } from "../sequencer/car.js";
import type { SeqEvent } from "../sequencer/events.js";
import type { Sequencer } from "../sequencer/sequencer.js";
import type { RepoStore } from "../store/repo-store.js";
import type { StagedWrite } from "./stage.js";

/** Where a commit is stored: the repo tables, the blob index and the firehose log. */
export interface CommitTables {
  store: RepoStore;
  blobs: BlobIndex;
  sequencer: Sequencer;
}

/** What a stored commit leaves for once it is durable (notify.ts does it). */
export interface Stored {
  did: string;
  /** For the block cache, which must never hold a block the disk does not. */
  newBlocks: BlockMap;
  /** Blobs no record references any more: their files go, but only once the commit is on disk. */
  orphanedBlobs: string[];
  /** The commit's `#commit` event, published once durable. */
  event: SeqEvent;
}

/**
 * Writes a formatted commit inside the caller's transaction: its blocks (the replaced MST nodes and
 * old commit deleted), the head, each written record's index row, backlink and blob links, and the
 * `#commit` event, so an event exists exactly when its commit does. Returns the after-commit work.
 */
export function storeCommit(
  tables: CommitTables,
  did: string,
  data: CommitData,
  live: StagedWrite[],
): Stored {
  const { store, blobs, sequencer } = tables;
  const blocks = store.blockStore(did);
  const records = new Set(
    live.map((r) => (r.write.action === "delete" ? null : r.write.block.cid.toString())),
  );
  blocks.putBlocks(data.newBlocks, data.rev, (cid) => records.has(cid.toString()));
  // Replaced record blocks stay: another key may hold the same record. MST nodes and the old commit go.
  const replacedRecords = new Set(live.map((r) => r.current));
  blocks.deleteBlocks(data.removedCids.toArray().filter((c) => !replacedRecords.has(c.toString())));
  store.roots.put(did, { cid: data.cid, rev: data.rev });
  const released: string[] = [];
  for (const { write, path, current } of live) {
    if (write.action === "delete") {
      store.records.delete(did, write.collection, write.rkey);
      store.backlinks.set(did, path, null);
      released.push(...blobs.detach(did, path));
      continue;
    }
    store.records.put(did, write.collection, write.rkey, write.block.cid.toString(), data.rev);
    // A path with no record has no backlink and no blob links: a create has nothing to replace.
    if (current !== null || write.link !== null) store.backlinks.set(did, path, write.link);
    if (current !== null) released.push(...blobs.detach(did, path));
    blobs.attach(did, path, write.blobs);
  }
  const event = sequencer.appendCommit({
    repo: did,
    commit: data.cid,
    rev: data.rev,
    since: data.since,
    blocks: commitCar(data.cid, data.newBlocks, data.relevantBlocks),
    ops: data.ops,
    prevData: data.prevData,
  });
  const orphanedBlobs = blobs.collectUnreferenced(did, released);
  return { did, newBlocks: data.newBlocks, orphanedBlobs, event };
}
