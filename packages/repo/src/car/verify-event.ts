import type { Cid } from "../cid.js";
import { Mst } from "../mst/mst.js";
import { type Commit, decodeCommit, ensureCommitSignature } from "../repo/commit.js";
import { InvalidCommitEventError, RepoDidMismatchError } from "../repo/errors.js";
import type { CommitOp } from "../repo/format-commit.js";
import { type ReadonlyBlockStore, readBlock } from "../storage/block-store.js";
import { readCar } from "./decode.js";

/** The parts of a firehose `#commit` event that can be checked against each other. */
export interface CommitEvent {
  repo: string;
  commit: Cid;
  rev: string;
  /** CAR of the event's blocks (newBlocks ∪ relevantBlocks). */
  blocks: Uint8Array;
  ops: readonly CommitOp[];
  /** The previous MST root; when given, undoing the ops must reach it. */
  prevData?: Cid | null;
}

/**
 * Verifies a `#commit` event from its own blocks (sync 1.1): block hashes, the commit's DID, rev and
 * signature, that every op matches the new tree and its record block is present, and that undoing
 * the ops on the new tree gives `prevData`. Returns the commit; throws a typed error naming the fault.
 */
export function verifyCommitEvent(event: CommitEvent, signingKeyDid: string): Commit {
  const fail = (reason: string): never => {
    throw new InvalidCommitEventError(event.commit, reason);
  };
  const { roots, blocks } = readCar(event.blocks);
  if (roots.length !== 1 || !roots[0]!.equals(event.commit)) fail("the CAR root is not the commit");
  const store: ReadonlyBlockStore = {
    getBlock: (cid) => blocks.get(cid),
    hasBlock: (cid) => blocks.has(cid),
  };
  const commit = decodeCommit({ cid: event.commit, bytes: readBlock(store, event.commit, "commit") });
  if (commit.did !== event.repo) throw new RepoDidMismatchError(event.repo, commit.did);
  if (commit.rev !== event.rev) fail(`rev ${event.rev} differs from the commit's ${commit.rev}`);
  ensureCommitSignature(event.commit, commit, signingKeyDid);

  let tree = Mst.load(store, commit.data);
  for (const op of event.ops) {
    const now = tree.get(op.path);
    if (op.action === "delete" ? now !== null : !op.cid?.equals(now))
      fail(`op on ${op.path} does not match the tree`);
    if (op.cid !== null) readBlock(store, op.cid, `record ${op.path}`);
  }
  if (event.prevData === undefined || event.prevData === null) return commit;
  for (const op of [...event.ops].reverse()) {
    if (op.action === "create") tree = tree.delete(op.path);
    else if (op.prev === undefined) fail(`${op.action} of ${op.path} has no prev`);
    else tree = tree.put(op.path, op.prev);
  }
  if (!tree.rootCid().equals(event.prevData)) fail("undoing the ops does not give prevData");
  return commit;
}
