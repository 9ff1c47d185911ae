import type { Cid, CommitData, Signer } from "@putrecord/repo";
import type { Db } from "../db/database.js";
import { backlinkOf } from "../store/backlinks.js";
import {
  commitPending,
  MAX_WRITES_PER_COMMIT,
  PendingCommit,
  processWrites,
  type RepoStorage,
  stageWrites,
} from "./transactor.js";
import { dataKey, type PreparedWrite, type WriteResult, type WritesOutcome } from "./types.js";

/** One request's writes to a repo, waiting for the repo's next batch. */
export interface QueuedWrite {
  writes: PreparedWrite[];
  swapCommit?: Cid;
}

/** Each queued request's own outcome: a batch never fails one request for another's error. */
export type Settled<T> = { ok: true; value: T } | { ok: false; err: unknown };

/** What a stored commit leaves for after it is durable (cache fill, orphaned blob files). */
export type OnCommit = (data: CommitData, orphanedBlobs: string[]) => void;

/**
 * A request that must be its own commit: swapCommit names the head it expects to build on, and a
 * create that replaces older likes/follows of the same subject looks them up in committed storage.
 */
function standsAlone(q: QueuedWrite): boolean {
  if (q.swapCommit !== undefined) return true;
  return q.writes.some(
    (w) => w.action !== "delete" && w.replaceDuplicates && backlinkOf(w.collection, w.record) !== null,
  );
}

/**
 * Commits the requests queued for one repo, in arrival order, in as few commits as their meaning allows:
 * requests in flight together have no order the clients could have observed, so their writes may share
 * one signed commit (one signature, one MST update, one firehose event), exactly as one applyWrites
 * would. Each request is staged against the writes before it, so swaps, create/update preconditions
 * and no-op puts answer as they would one after another; a request that fails is refused alone. A
 * request stands alone when it names a commit to swap or replaces duplicates, and a commit never writes
 * one path twice. If a shared commit cannot be stored (over the event size limit), its requests are
 * retried one commit each. Runs inside the group transaction; each commit gets its own savepoint.
 */
export function commitQueued(
  db: Db,
  storage: RepoStorage,
  did: string,
  queue: QueuedWrite[],
  signer: () => Signer,
  onCommit: OnCommit,
): Settled<WritesOutcome>[] {
  const out: Settled<WritesOutcome>[] = [];
  let pending = new PendingCommit();
  let members: { index: number; results: WriteResult[]; changed: boolean }[] = [];

  const alone = (index: number) => {
    const { writes, swapCommit } = queue[index]!;
    try {
      const r = db.transaction(() => processWrites(storage, did, writes, swapCommit, signer))();
      if (r.data) onCommit(r.data, r.orphanedBlobs);
      out[index] = { ok: true, value: { commit: r.commit, results: r.results } };
    } catch (err) {
      out[index] = { ok: false, err };
    }
  };

  const flush = () => {
    const staged = members;
    const writes = pending;
    members = [];
    pending = new PendingCommit();
    if (writes.live.length === 0) {
      for (const m of staged) out[m.index] = { ok: true, value: { commit: null, results: m.results } };
      return;
    }
    let committed: ReturnType<typeof commitPending>;
    try {
      committed = db.transaction(() => commitPending(storage, did, writes, signer))();
    } catch {
      // Rolled back to before the shared commit: each request now gets its own commit or its own error.
      for (const m of staged) alone(m.index);
      return;
    }
    onCommit(committed.data, committed.orphanedBlobs);
    for (const m of staged) {
      out[m.index] = { ok: true, value: { commit: m.changed ? committed.commit : null, results: m.results } };
    }
  };

  queue.forEach((q, index) => {
    if (standsAlone(q)) {
      flush();
      alone(index);
      return;
    }
    const full = pending.live.length + q.writes.length > MAX_WRITES_PER_COMMIT;
    if (full || q.writes.some((w) => pending.paths.has(dataKey(w.collection, w.rkey)))) flush();
    try {
      members.push({ index, ...stageWrites(storage, did, q.writes, undefined, pending) });
    } catch (err) {
      out[index] = { ok: false, err };
    }
  });
  flush();
  return out;
}
