import type { DiskBlobStore } from "../blob/disk-blob-store.js";
import type { Sequencer } from "../sequencer/sequencer.js";
import type { RepoStore } from "../store/repo-store.js";
import type { Stored } from "./store.js";

/** Where a durable group's news goes. */
export interface NotifyTargets {
  store: RepoStore;
  blobFiles: DiskBlobStore;
  sequencer: Sequencer;
  onBackgroundError: (err: unknown) => void;
}

/**
 * What happens once a group's commits are on disk, and only then: their blocks join the block cache
 * (which never holds a block the disk does not), the files of blobs no record references any more are
 * deleted (a file deleted for a commit a crash then loses would be gone for good), and the firehose
 * publishes every event up to `upTo`.
 */
export function notify(targets: NotifyTargets, stored: readonly Stored[], upTo: number): void {
  for (const { did, newBlocks, orphanedBlobs } of stored) {
    targets.store.blockStore(did).remember(newBlocks);
    for (const cid of orphanedBlobs) targets.blobFiles.delete(did, cid).catch(targets.onBackgroundError);
  }
  targets.sequencer.notify(
    upTo,
    stored.map((s) => s.event),
  );
}
