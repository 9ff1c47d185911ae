import {
  BlockMap,
  CBOR,
  Cid,
  type CommitData,
  encodeCommit,
  formatCommit,
  type LexValue,
  type MstNode,
  type Signer,
  signCommit,
  Tid,
} from "@putrecord/repo";
import type { Blobs } from "../blob/blobs.js";
import type { Db } from "../db/database.js";
import type { Sequencer } from "../sequencer/sequencer.js";
import { BacklinkIndex } from "./backlinks.js";
import { commitCar } from "./car.js";
import { RepoNotFoundError } from "./errors.js";
import { GroupCommit } from "./group-commit.js";
import { indexImportedRecords, type VerifiedImport } from "./import.js";
import { ImportStaging } from "./import-staging.js";
import { LruCache } from "./lru-cache.js";
import { RecordIndex, type RecordRow } from "./record-index.js";
import { type RepoRoot, RootTable } from "./root-table.js";
import { Snapshots } from "./snapshot.js";
import { BlockTable, SqlBlockStore } from "./sql-block-store.js";
import type { RepoStorage } from "./transactor.js";
import type {
  CommitMeta,
  PreparedRecordWrite,
  PreparedWrite,
  RecordWriteResult,
  WritesOutcome,
} from "./types.js";
import { WalSync } from "./wal-sync.js";
import { commitQueued, type QueuedWrite, type Settled } from "./write-batch.js";

/** Bytes of block data kept in memory across all repos. */
export const BLOCK_CACHE_BYTES = 64 * 1024 * 1024;
/** Decoded MST nodes kept in memory across all repos, weighed by block size (see nodeWeight). */
export const NODE_CACHE_WEIGHT = 32 * 1024 * 1024;

/** A decoded node's rough footprint: its block, plus the key strings and CID objects decoding makes. */
function nodeWeight(node: MstNode): number {
  return 256 + 3 * node.block.bytes.length;
}

/** Where the repo manager finds what it does not own. */
export interface RepoManagerDeps {
  db: Db;
  sequencer: Sequencer;
  blobs: Blobs;
  /** The repo's signing key (PDS-A's AccountManager caches it). */
  signingKey: (did: string) => Signer;
  onBackgroundError: (err: unknown) => void;
  /** Read snapshots open at once (streamed getRepo), and the longest one may stay open. */
  snapshotLimits: { max: number; maxMs: number };
}

/**
 * Every hosted repo: creation, writes (queued into group commits) and reads. The write path is
 * prepare.ts → here → group-commit.ts → write-batch.ts → transactor.ts → core formatCommit → SQLite → sequencer.
 */
export class RepoManager {
  readonly roots: RootTable;
  readonly records: RecordIndex;
  /** Consistent views for reads that span many event-loop turns. */
  readonly snapshots: Snapshots;
  readonly #blocks: BlockTable;
  readonly #cache = new LruCache<Uint8Array>(BLOCK_CACHE_BYTES, (bytes) => bytes.length);
  /** Decoded MST nodes: a repo written again soon decodes none of the tree its last commit left. */
  readonly #nodes = new LruCache<MstNode>(NODE_CACHE_WEIGHT, nodeWeight);
  readonly #group: GroupCommit;
  readonly #wal: WalSync | null;
  readonly #backlinks: BacklinkIndex;
  /** Each repo's requests waiting for the next group transaction. */
  readonly #queued = new Map<string, { queue: QueuedWrite[]; settled: Promise<Settled<WritesOutcome>[]> }>();

  constructor(readonly deps: RepoManagerDeps) {
    this.roots = new RootTable(deps.db);
    this.records = new RecordIndex(deps.db);
    this.#blocks = new BlockTable(deps.db);
    this.#backlinks = new BacklinkIndex(deps.db);
    this.snapshots = new Snapshots(deps.db.name, deps.snapshotLimits);
    // An import cut off by a stop left its staging rows; nothing can resume it.
    ImportStaging.clearAll(deps.db);
    const events = {
      mark: () => deps.sequencer.lastAppended(),
      publish: (upTo: number) => deps.sequencer.notify(upTo),
    };
    this.#wal = deps.db.memory ? null : new WalSync(`${deps.db.name}-wal`);
    this.#group = new GroupCommit(deps.db, events, this.#wal, {
      run: () => this.#blocks.settleIfDue(),
      onError: deps.onBackgroundError,
    });
  }

  /** One repo's block store (reads through the shared cache). */
  blockStore(did: string): SqlBlockStore {
    return new SqlBlockStore(this.#blocks, this.#cache, did);
  }

  #storage(did: string): RepoStorage {
    const { sequencer, blobs } = this.deps;
    return {
      blocks: this.blockStore(did),
      nodes: this.#nodes,
      roots: this.roots,
      records: this.records,
      blobs: blobs.index,
      backlinks: this.#backlinks,
      sequencer,
    };
  }

  /**
   * Runs `fn` as one job of the next group transaction (in its own savepoint: a throw rolls back only
   * it) and resolves with its result once durable. For work that must commit with a new repo.
   */
  transact<T>(fn: () => T): Promise<T> {
    return this.#group.submit(fn);
  }

  /**
   * Writes a new repo's empty, signed first commit and appends its `#commit` and `#sync` events (none
   * with `sequence: false`: an account moving in stays silent until it is activated). Only
   * inside `transact`: createAccount stores the account and its `#identity` and `#account` events (the
   * reference's order) in the same transaction, so an account never exists without its repo.
   */
  createRepo(did: string, signingKey: Signer, opts: { sequence?: boolean } = {}): CommitMeta {
    const blocks = this.blockStore(did);
    const data = formatCommit(blocks, null, did, signingKey, []);
    blocks.putBlocks(data.newBlocks, data.rev);
    this.roots.put(did, { cid: data.cid.toString(), rev: data.rev });
    if (opts.sequence !== false) {
      this.deps.sequencer.appendCommit({
        repo: did,
        commit: data.cid,
        rev: data.rev,
        since: null,
        blocks: commitCar(data.cid, data.newBlocks, data.relevantBlocks),
        ops: [],
        prevData: null,
      });
      const commitBlock = new BlockMap().set(data.cid, data.newBlocks.get(data.cid)!);
      this.deps.sequencer.append(did, "sync", {
        did,
        blocks: commitCar(data.cid, commitBlock),
        rev: data.rev,
      });
    }
    this.#afterCommit(blocks, data, []);
    return { cid: data.cid, rev: data.rev };
  }

  /**
   * Applies one request's writes atomically, once durable; throws the repo layer's errors. Requests to
   * the same repo that arrive before its next group transaction are committed together (write-batch.ts).
   */
  async applyWrites(did: string, writes: PreparedWrite[], swapCommit?: Cid): Promise<WritesOutcome> {
    let batch = this.#queued.get(did);
    if (batch === undefined) {
      const queue: QueuedWrite[] = [];
      const settled = this.#group.submit(() => {
        this.#queued.delete(did); // requests from here on wait for the next batch
        const storage = this.#storage(did);
        const signer = () => this.deps.signingKey(did);
        return commitQueued(this.deps.db, storage, did, queue, signer, (data, orphanedBlobs) =>
          this.#afterCommit(storage.blocks, data, orphanedBlobs),
        );
      });
      batch = { queue, settled };
      this.#queued.set(did, batch);
    }
    const index = batch.queue.push({ writes, swapCommit }) - 1;
    const outcome = (await batch.settled)[index]!;
    if (!outcome.ok) throw outcome.err;
    return outcome.value;
  }

  /**
   * Replaces the repo with a verified import, in one transaction: the import's reachable blocks and
   * records, under a commit of this server's over the imported tree, signed with the account's key
   * (its DID document names that key once the account has moved) and with a rev newer than both the
   * imported and the current one, so relays and AppViews take it as the next state. `announce`
   * sequences a `#sync` (an active account; one moving in is announced when activated).
   */
  async replaceWithImport(did: string, imported: VerifiedImport, announce: boolean): Promise<CommitMeta> {
    return this.transact(() => {
      const root = this.roots.attemptGet(did);
      if (root === null) throw new RepoNotFoundError(did);
      const rev = Tid.next([root.rev, imported.commit.rev].sort()[1]); // TIDs sort by time
      const unsigned = { did, version: 3 as const, data: imported.commit.data, rev, prev: null };
      const block = encodeCommit(signCommit(unsigned, this.deps.signingKey(did)));
      this.#blocks.replaceWithImport(did, imported.staging.id, rev);
      this.#blocks.put(did, block.cid.bytes, rev, block.bytes);
      this.roots.put(did, { cid: block.cid.toString(), rev });
      indexImportedRecords(this.deps.db, did, imported.staging.id, rev);
      if (announce) {
        const car = commitCar(block.cid, new BlockMap().set(block.cid, block.bytes));
        this.deps.sequencer.append(did, "sync", { did, blocks: car, rev });
      }
      imported.staging.discard();
      return { cid: block.cid, rev };
    });
  }

  /** Applies one record write (put, create or update) as one commit. */
  async writeRecord(
    did: string,
    write: PreparedRecordWrite,
    swapCommit?: Cid,
  ): Promise<{ commit: CommitMeta | null; result: RecordWriteResult }> {
    const { commit, results } = await this.applyWrites(did, [write], swapCommit);
    return { commit, result: results[0] as RecordWriteResult };
  }

  #afterCommit(blocks: SqlBlockStore, data: CommitData, orphanedBlobs: string[]): void {
    this.#group.afterCommit(() => {
      blocks.remember(data.newBlocks);
      for (const cid of orphanedBlobs) {
        this.deps.blobs.files.delete(blocks.did, cid).catch(this.deps.onBackgroundError);
      }
    });
  }

  /** Releases the WAL handle; call after the last write, before the database closes. */
  async close(): Promise<void> {
    await this.#wal?.close();
  }

  /** The repo's head, or null when it is not hosted here. */
  attemptHead(did: string): RepoRoot | null {
    return this.roots.attemptGet(did);
  }

  /** The repo's head; throws RepoNotFoundError. */
  head(did: string): RepoRoot {
    const root = this.roots.attemptGet(did);
    if (root === null) throw new RepoNotFoundError(did);
    return root;
  }

  /** A record's CID and value, or null when absent. */
  attemptRecord(did: string, collection: string, rkey: string): { cid: string; value: LexValue } | null {
    const cid = this.records.attemptCid(did, collection, rkey);
    if (cid === null) return null;
    const bytes = this.blockStore(did).getBlock(Cid.parse(cid));
    return bytes === null ? null : { cid, value: CBOR.decode(bytes) };
  }

  /**
   * A page of a collection with the records' values: at most `limit` records, and none after the one
   * that brings the page's record blocks to `maxBytes` (so one page of large records stays small).
   */
  listRecords(
    did: string,
    collection: string,
    opts: { limit: number; cursor?: string; reverse?: boolean; maxBytes: number },
  ): (RecordRow & { value: LexValue })[] {
    const store = this.blockStore(did);
    const page: (RecordRow & { value: LexValue })[] = [];
    let bytes = 0;
    for (const row of this.records.list(did, collection, opts)) {
      const block = store.getBlock(Cid.parse(row.cid));
      if (block === null) continue;
      page.push({ ...row, value: CBOR.decode(block) });
      bytes += block.length;
      if (bytes >= opts.maxBytes) break;
    }
    return page;
  }
}
