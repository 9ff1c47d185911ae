import {
  Cid,
  type CommitData,
  formatCommit,
  type NodeCache,
  type RecordWrite,
  type Signer,
} from "@putrecord/repo";
import type { BlobIndex } from "../blob/blob-index.js";
import { commitCar } from "../sequencer/car.js";
import type { Sequencer } from "../sequencer/sequencer.js";
import { type BacklinkIndex, backlinkOf } from "../store/backlinks.js";
import type { SqlBlockStore } from "../store/block-store.js";
import type { RecordIndex } from "../store/record-index.js";
import type { RootTable } from "../store/root-table.js";
import {
  BadCommitSwapError,
  BadRecordSwapError,
  CommitTooLargeError,
  RecordAlreadyExistsError,
  RecordNotFoundForUpdateError,
  RepoNotFoundError,
} from "./errors.js";
import { prepareDelete } from "./prepare.js";
import { dataKey, type PreparedWrite, recordUri, type WriteResult, type WritesOutcome } from "./types.js";

/** The most writes one commit may carry (the lexicon's and the reference's limit). */
export const MAX_WRITES_PER_COMMIT = 200;
/** The largest firehose event a commit may produce, in block bytes (the sync spec's limit). */
export const MAX_EVENT_BLOCK_BYTES = 2_000_000;

/** The storage a transaction works on; all calls are synchronous and inside one SQLite transaction. */
export interface RepoStorage {
  blocks: SqlBlockStore;
  /** Decoded MST nodes shared across commits and repos. */
  nodes: NodeCache;
  roots: RootTable;
  records: RecordIndex;
  blobs: BlobIndex;
  backlinks: BacklinkIndex;
  sequencer: Sequencer;
}

/** A committed transaction's results, plus what must happen once it is durable. */
export interface TransactionResult extends WritesOutcome {
  data: CommitData | null;
  /** Blobs no record references any more: their files go after commit. */
  orphanedBlobs: string[];
}

interface Resolved {
  write: PreparedWrite;
  path: string;
  current: Cid | null;
  /** Nothing to do: an identical put, or a delete of a missing record. */
  noop: boolean;
}

/**
 * The writes accepted for a repo's next commit, possibly from several requests, and what each path
 * they touch will hold once they apply. Staging only reads storage; `commitPending` writes it.
 */
export class PendingCommit {
  /** Each written path's record CID after the staged writes (null: deleted). */
  readonly paths = new Map<string, Cid | null>();
  readonly live: Resolved[] = [];
  readonly core: RecordWrite[] = [];
}

/**
 * Each write's current record, in order: a later write to the same key sees the earlier one's result
 * (first this request's, then the pending commit's), as the MST will when the core applies them in sequence.
 */
function resolveAll(
  storage: RepoStorage,
  did: string,
  writes: PreparedWrite[],
  pending: PendingCommit,
): Resolved[] {
  const local = new Map<string, Cid | null>();
  return writes.map((write) => {
    const path = dataKey(write.collection, write.rkey);
    let current = local.has(path) ? local.get(path) : pending.paths.get(path);
    if (current === undefined) {
      const cid = storage.records.attemptCid(did, write.collection, write.rkey);
      current = cid === null ? null : Cid.parse(cid);
    }
    const noop =
      write.action === "delete"
        ? current === null
        : write.action === "put" && write.block.cid.equals(current);
    if (!noop) local.set(path, write.action === "delete" ? null : write.block.cid);
    return { write, path, current, noop };
  });
}

function checkRecordSwap({ write, current }: Resolved): void {
  if (write.swapCid === undefined) return;
  const matches = write.swapCid === null ? current === null : write.swapCid.equals(current);
  if (!matches) throw new BadRecordSwapError(current?.toString() ?? null);
}

function toCoreWrite({ write, path, current }: Resolved): RecordWrite {
  if (write.action === "delete") return { action: "delete", collection: write.collection, rkey: write.rkey };
  if (write.action === "create" && current !== null) throw new RecordAlreadyExistsError(path);
  if (write.action === "update" && current === null) throw new RecordNotFoundForUpdateError(path);
  const action = current === null ? "create" : "update";
  return { action, collection: write.collection, rkey: write.rkey, record: write.record, block: write.block };
}

function resultOf(did: string, write: PreparedWrite, current: Cid | null): WriteResult {
  if (write.action === "delete") return { action: "delete" };
  return {
    action: current === null ? "create" : "update",
    uri: recordUri(did, write.collection, write.rkey),
    cid: write.block.cid,
    validationStatus: write.validationStatus,
  };
}

/**
 * Checks one request's writes against the repo as `pending` leaves it (pds-anchor §2.4–2.5): no-op
 * detection first (an identical put or a delete of nothing changes nothing and skips the swaps, as the
 * reference), then swapCommit, the per-record swaps and create/update preconditions. On success the
 * live writes join `pending` and the results come back (`changed`: whether any write was live); on
 * failure it throws the repo layer's error and `pending` is untouched. swapCommit is only meaningful
 * while `pending` is empty (the head it is compared with is the committed one).
 */
export function stageWrites(
  storage: RepoStorage,
  did: string,
  writes: PreparedWrite[],
  swapCommit: Cid | undefined,
  pending: PendingCommit,
): { results: WriteResult[]; changed: boolean } {
  if (writes.length > MAX_WRITES_PER_COMMIT) {
    throw new CommitTooLargeError(`Too many writes. Max: ${MAX_WRITES_PER_COMMIT}`);
  }
  const root = storage.roots.attemptGet(did);
  if (root === null) throw new RepoNotFoundError(did);
  const all = [...writes, ...duplicateDeletes(storage, did, writes)];
  const resolved = resolveAll(storage, did, all, pending);
  const results = resolved.slice(0, writes.length).map((r) => resultOf(did, r.write, r.current));
  if (resolved.every((r) => r.noop)) return { results, changed: false };
  if (swapCommit !== undefined && swapCommit.toString() !== root.cid) throw new BadCommitSwapError(root.cid);
  for (const r of resolved) checkRecordSwap(r);
  const live = resolved.filter((r) => !r.noop);
  const core = live.map(toCoreWrite);
  for (const r of live) pending.paths.set(r.path, r.write.action === "delete" ? null : r.write.block.cid);
  pending.live.push(...live);
  pending.core.push(...core);
  return { results, changed: true };
}

/** Signs the pending writes as one commit on the repo's head and stores it (pds-anchor §2.6). */
export function commitPending(
  storage: RepoStorage,
  did: string,
  pending: PendingCommit,
  signer: () => Signer,
): Omit<TransactionResult, "results"> & { data: CommitData } {
  const root = storage.roots.attemptGet(did);
  if (root === null) throw new RepoNotFoundError(did);
  const data = formatCommit(storage.blocks, Cid.parse(root.cid), did, signer(), pending.core, {
    nodes: storage.nodes,
  });
  if (data.relevantBlocks.byteSize > MAX_EVENT_BLOCK_BYTES) {
    throw new CommitTooLargeError("Too many writes. Max event size: 2MB");
  }
  const orphanedBlobs = store(storage, did, data, pending.live);
  return { commit: { cid: data.cid, rev: data.rev }, data, orphanedBlobs };
}

/** Applies one request's writes to one repo as one signed commit, or none when nothing changes. */
export function processWrites(
  storage: RepoStorage,
  did: string,
  writes: PreparedWrite[],
  swapCommit: Cid | undefined,
  signer: () => Signer,
): TransactionResult {
  const pending = new PendingCommit();
  const { results, changed } = stageWrites(storage, did, writes, swapCommit, pending);
  if (!changed) return { commit: null, results, data: null, orphanedBlobs: [] };
  return { ...commitPending(storage, did, pending, signer), results };
}

/** Deletes of older likes, reposts, follows and blocks of the same subject as a create that asks for it. */
function duplicateDeletes(storage: RepoStorage, did: string, writes: PreparedWrite[]): PreparedWrite[] {
  const out: PreparedWrite[] = [];
  for (const w of writes) {
    if (w.action === "delete" || !w.replaceDuplicates) continue;
    const link = backlinkOf(w.collection, w.record);
    if (link === null) continue;
    for (const path of storage.backlinks.find(did, w.collection, link)) {
      const rkey = path.slice(w.collection.length + 1);
      if (rkey !== w.rkey) out.push(prepareDelete(w.collection, rkey));
    }
  }
  return out;
}

function store(storage: RepoStorage, did: string, data: CommitData, live: Resolved[]): string[] {
  storage.blocks.putBlocks(data.newBlocks, data.rev);
  // Replaced record blocks stay: another key may hold the same record. MST nodes and the old commit go.
  const replacedRecords = new Set(live.map((r) => r.current?.toString()));
  storage.blocks.deleteBlocks(data.removedCids.toArray().filter((c) => !replacedRecords.has(c.toString())));
  storage.roots.put(did, { cid: data.cid.toString(), rev: data.rev });
  const released: string[] = [];
  for (const { write, path, current } of live) {
    if (write.action !== "put" && write.action !== "create" && write.action !== "update") {
      storage.records.delete(did, write.collection, write.rkey);
      storage.backlinks.set(did, path, null);
      released.push(...storage.blobs.detach(did, path));
      continue;
    }
    storage.records.put(did, write.collection, write.rkey, write.block.cid.toString(), data.rev);
    // A path with no record has no backlink and no blob links: a create has nothing to replace.
    const link = backlinkOf(write.collection, write.record);
    if (current !== null || link !== null) storage.backlinks.set(did, path, link);
    if (current !== null) released.push(...storage.blobs.detach(did, path));
    storage.blobs.attach(did, path, write.blobs);
  }
  storage.sequencer.appendCommit({
    repo: did,
    commit: data.cid,
    rev: data.rev,
    since: data.since,
    blocks: commitCar(data.cid, data.newBlocks, data.relevantBlocks),
    ops: data.ops,
    prevData: data.prevData,
  });
  return storage.blobs.collectUnreferenced(did, released);
}
