import type { Cid, RecordWrite } from "@putrecord/repo";
import { RepoNotFoundError } from "../store/errors.js";
import type { RepoStore } from "../store/repo-store.js";
import type { RepoRoot } from "../store/root-table.js";
import {
  BadCommitSwapError,
  BadRecordSwapError,
  CommitTooLargeError,
  RecordAlreadyExistsError,
  RecordNotFoundForUpdateError,
} from "./errors.js";
import { MAX_WRITES_PER_COMMIT } from "./limits.js";
import { dataKey, type PreparedWrite, recordUri, type WriteRequest, type WriteResult } from "./types.js";

/** What staging reads: the repo's records and backlinks, never a write. */
export type StagingReads = Pick<RepoStore, "records" | "backlinks">;

/** A write checked against the repo: its path and the record it replaces (CID text; null: none). */
export interface StagedWrite {
  write: PreparedWrite;
  path: string;
  current: string | null;
}

/**
 * The writes accepted for a repo's next commit, possibly from several requests, and what each path
 * they touch will hold once they apply. Staging fills it; commit.ts and store.ts consume it.
 */
export class PendingCommit {
  /** Each written path's record CID after the staged writes (null: deleted). */
  readonly paths = new Map<string, Cid | null>();
  readonly live: StagedWrite[] = [];
  readonly core: RecordWrite[] = [];
}

/** What staging one request gave: its results, and whether any of its writes changes the repo. */
export interface Staged {
  results: WriteResult[];
  changed: boolean;
}

/**
 * Checks one request against the repo as `head` and `pending` leave it (pds-anchor §2.4–2.5): no-op
 * detection first (an identical put or a delete of nothing changes nothing and skips the swaps, as the
 * reference), then swapCommit, the per-record swaps and create/update preconditions. On success the
 * live writes join `pending`; on failure it throws the write layer's error and `pending` is untouched.
 * swapCommit is only meaningful while `pending` is empty (it names the committed head).
 */
export function stage(
  reads: StagingReads,
  did: string,
  head: RepoRoot | null,
  request: WriteRequest,
  pending: PendingCommit,
): Staged {
  const { writes, swapCommit } = request;
  if (writes.length > MAX_WRITES_PER_COMMIT) {
    throw new CommitTooLargeError(`Too many writes. Max: ${MAX_WRITES_PER_COMMIT}`);
  }
  if (head === null) throw new RepoNotFoundError(did);
  const all = [...writes, ...duplicateDeletes(reads, did, writes)];
  const resolved = resolveAll(reads, did, all, pending);
  const results = resolved.slice(0, writes.length).map(resultOf(did));
  const live = resolved.filter((r) => !r.noop);
  if (live.length === 0) return { results, changed: false };
  if (swapCommit !== undefined && !swapCommit.equals(head.cid)) {
    throw new BadCommitSwapError(head.cid.toString());
  }
  for (const r of resolved) checkRecordSwap(r);
  const core = live.map(toCoreWrite);
  for (const r of live) pending.paths.set(r.path, r.write.action === "delete" ? null : r.write.block.cid);
  pending.live.push(...live);
  pending.core.push(...core);
  return { results, changed: true };
}

interface Resolved extends StagedWrite {
  /** Nothing to do: an identical put, or a delete of a missing record. */
  noop: boolean;
}

/**
 * Each write's current record, in order: a later write to the same key sees the earlier one's result
 * (first this request's, then the pending commit's), as the MST will when the core applies them in sequence.
 */
function resolveAll(
  reads: StagingReads,
  did: string,
  writes: PreparedWrite[],
  pending: PendingCommit,
): Resolved[] {
  const local = new Map<string, Cid | null>();
  return writes.map((write) => {
    const path = dataKey(write.collection, write.rkey);
    const staged = local.has(path) ? local.get(path) : pending.paths.get(path);
    const current =
      staged === undefined
        ? reads.records.attemptCid(did, write.collection, write.rkey)
        : (staged?.toString() ?? null);
    const noop =
      write.action === "delete"
        ? current === null
        : write.action === "put" && write.block.cid.toString() === current;
    if (!noop) local.set(path, write.action === "delete" ? null : write.block.cid);
    return { write, path, current, noop };
  });
}

function checkRecordSwap({ write, current }: Resolved): void {
  if (write.swapCid === undefined) return;
  const matches = write.swapCid === null ? current === null : write.swapCid.toString() === current;
  if (!matches) throw new BadRecordSwapError(current);
}

function toCoreWrite({ write, path, current }: StagedWrite): RecordWrite {
  if (write.action === "delete") return { action: "delete", collection: write.collection, rkey: write.rkey };
  if (write.action === "create" && current !== null) throw new RecordAlreadyExistsError(path);
  if (write.action === "update" && current === null) throw new RecordNotFoundForUpdateError(path);
  const action = current === null ? "create" : "update";
  return { action, collection: write.collection, rkey: write.rkey, block: write.block };
}

function resultOf(did: string): (r: StagedWrite) => WriteResult {
  return ({ write, current }) => {
    if (write.action === "delete") return { action: "delete" };
    return {
      action: current === null ? "create" : "update",
      uri: recordUri(did, write.collection, write.rkey),
      cid: write.block.cid,
      validationStatus: write.validationStatus,
    };
  };
}

/** Deletes of older likes, reposts, follows and blocks of the same subject as a create that asks for it. */
function duplicateDeletes(reads: StagingReads, did: string, writes: PreparedWrite[]): PreparedWrite[] {
  const out: PreparedWrite[] = [];
  for (const w of writes) {
    if (w.action === "delete" || !w.replaceDuplicates || w.link === null) continue;
    for (const path of reads.backlinks.find(did, w.collection, w.link)) {
      const rkey = path.slice(w.collection.length + 1);
      if (rkey !== w.rkey) out.push({ action: "delete", collection: w.collection, rkey });
    }
  }
  return out;
}
