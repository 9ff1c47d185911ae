import { type CommitData, formatCommit, type Signer } from "@putrecord/repo";
import type { RepoStore } from "../store/repo-store.js";
import type { RepoRoot } from "../store/root-table.js";
import { CommitTooLargeError } from "./errors.js";
import { MAX_EVENT_BLOCK_BYTES } from "./limits.js";
import type { PendingCommit } from "./stage.js";

/** What formatting a commit reads: the repo's blocks and the decoded-node cache. */
export type CommitReads = Pick<RepoStore, "blockStore" | "nodes">;

/**
 * The staged writes as the repo's next commit, on `head` (pds-anchor §2.6): the core's formatCommit
 * (MST update, signed commit with a strictly greater rev, new/relevant/removed blocks, ops). Nothing
 * is stored yet. Throws CommitTooLargeError when the commit's firehose event would pass the 2 MB limit.
 */
export function formatPending(
  reads: CommitReads,
  did: string,
  head: RepoRoot,
  pending: PendingCommit,
  signer: Signer,
): CommitData {
  const data = formatCommit(reads.blockStore(did), head.cid, did, signer, pending.core, {
    nodes: reads.nodes,
  });
  if (data.relevantBlocks.byteSize > MAX_EVENT_BLOCK_BYTES) {
    throw new CommitTooLargeError("Too many writes. Max event size: 2MB");
  }
  return data;
}
