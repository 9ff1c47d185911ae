import type { Signer } from "@putrecord/repo";
import type { RepoRoot } from "../store/root-table.js";
import { formatPending } from "./commit.js";
import type { Atomic, Settled } from "./group.js";
import { MAX_WRITES_PER_COMMIT } from "./limits.js";
import { PendingCommit, stage } from "./stage.js";
import { type CommitTables, type Stored, storeCommit } from "./store.js";
import { dataKey, type WriteRequest, type WriteResult, type WritesOutcome } from "./types.js";

/** One repo's batch: its DID, signing key and storage, inside the group's transaction. */
export interface RepoBatch extends CommitTables {
  atomic: Atomic;
  did: string;
  signer: () => Signer;
}

/** Each request's own outcome (a batch never fails one request for another's error), and the after-commit work. */
export interface BatchResult {
  outcomes: Settled<WritesOutcome>[];
  stored: Stored[];
}

/**
 * A request that must be its own commit: swapCommit names the head it expects to build on, and a
 * create that replaces older likes/follows of the same subject looks them up in committed storage.
 */
function standsAlone(request: WriteRequest): boolean {
  if (request.swapCommit !== undefined) return true;
  return request.writes.some((w) => w.action !== "delete" && w.replaceDuplicates && w.link !== null);
}

/**
 * Commits the requests queued for one repo, in arrival order, in as few commits as their meaning allows:
 * requests in flight together have no order the clients could have observed, so their writes may share
 * one signed commit (one signature, one MST update, one firehose event), exactly as one applyWrites
 * would. Each request is staged against the writes before it, so swaps, create/update preconditions
 * and no-op puts answer as they would one after another; a request that fails is refused alone. A
 * request stands alone when it names a commit to swap or replaces duplicates, and a commit never writes
 * one path twice. If a shared commit cannot be stored (over the event size limit), its requests are
 * retried one commit each. The head is read once and carried from commit to commit; each commit gets
 * its own savepoint.
 */
export function commitBatch(batch: RepoBatch, requests: readonly WriteRequest[]): BatchResult {
  const { atomic, did } = batch;
  const outcomes: Settled<WritesOutcome>[] = [];
  const stored: Stored[] = [];
  let head: RepoRoot | null = batch.store.roots.attemptGet(did);
  let pending = new PendingCommit();
  let members: { index: number; results: WriteResult[]; changed: boolean }[] = [];

  /** Formats and stores `writes` on the head in a savepoint of its own; the head moves only if it stores. */
  const commit = (writes: PendingCommit): RepoRoot => {
    const on = head!; // set: staging refuses every write to a repo without a head
    head = atomic(() => {
      const data = formatPending(batch.store, did, on, writes, batch.signer());
      stored.push(storeCommit(batch, did, data, writes.live));
      return { cid: data.cid, rev: data.rev };
    });
    return head;
  };

  const alone = (index: number) => {
    try {
      const own = new PendingCommit();
      const { results, changed } = stage(batch.store, did, head, requests[index]!, own);
      outcomes[index] = { ok: true, value: { commit: changed ? commit(own) : null, results } };
    } catch (err) {
      outcomes[index] = { ok: false, err };
    }
  };

  const flush = () => {
    const staged = members;
    const writes = pending;
    members = [];
    pending = new PendingCommit();
    let made: RepoRoot | null = null;
    if (writes.live.length > 0) {
      try {
        made = commit(writes);
      } catch {
        // Rolled back to before the shared commit: each request now gets its own commit or its own error.
        for (const m of staged) alone(m.index);
        return;
      }
    }
    for (const m of staged) {
      outcomes[m.index] = { ok: true, value: { commit: m.changed ? made : null, results: m.results } };
    }
  };

  requests.forEach((request, index) => {
    if (standsAlone(request)) {
      flush();
      alone(index);
      return;
    }
    const full = pending.live.length + request.writes.length > MAX_WRITES_PER_COMMIT;
    if (full || request.writes.some((w) => pending.paths.has(dataKey(w.collection, w.rkey)))) flush();
    try {
      members.push({ index, ...stage(batch.store, did, head, request, pending) });
    } catch (err) {
      outcomes[index] = { ok: false, err };
    }
  });
  flush();
  return { outcomes, stored };
}
