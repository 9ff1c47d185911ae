import type { Cid, ReadonlyBlockStore } from "@putrecord/repo";
import Database from "better-sqlite3";
import type { Db } from "../db/database.js";
import type { RepoRoot } from "./root-table.js";
import { BlockReader } from "./sql-block-store.js";

/** Page cache of a snapshot's connection: an export reads each block once, so a big cache buys nothing. */
const SNAPSHOT_CACHE_KIB = 512;

/** A snapshot was read after it expired (held longer than its limit) or was closed. */
export class SnapshotClosedError extends Error {
  constructor(readonly heldMs: number) {
    super(`repo snapshot read after it was closed; held=${heldMs}ms`);
    this.name = "SnapshotClosedError";
  }
}

/** As many snapshots as a server may hold are open; the caller should retry later. */
export class SnapshotLimitError extends Error {
  constructor(readonly max: number) {
    super(`too many repo snapshots open; max=${max}`);
    this.name = "SnapshotLimitError";
  }
}

/** Opens snapshots of one database file, at most `max` at once, each closed after `maxMs` at the latest. */
export class Snapshots {
  #open = 0;

  constructor(
    readonly file: string,
    readonly limits: { max: number; maxMs: number },
  ) {}

  /**
   * A new snapshot; throws SnapshotLimitError when `max` are open. Close it when done; `onExpire` runs
   * if it is still open after `maxMs`, just before it closes itself.
   */
  open(onExpire?: () => void): RepoSnapshot {
    if (this.#open >= this.limits.max) throw new SnapshotLimitError(this.limits.max);
    const snapshot = new RepoSnapshot(this.file, this.limits.maxMs, () => this.#open--, onExpire);
    this.#open++;
    return snapshot;
  }
}

/**
 * The store as of one moment, for reads that outlive an event-loop turn (a streamed getRepo). A commit
 * deletes the blocks it replaces, so a long read on the writer's connection could find a node gone
 * half-way; this one has its own read-only connection in one read transaction (WAL keeps its view
 * whatever commits after). While it is open the WAL cannot start over, so it closes itself after
 * `maxMs` even if its reader is stuck (a client that stopped reading): reads then throw.
 */
export class RepoSnapshot {
  readonly #db: Db;
  readonly #blocks: BlockReader;
  readonly #head: Database.Statement<[string], RepoRoot>;
  /** Row iterators in progress: the connection cannot close while one is open. */
  readonly #iterating = new Set<IterableIterator<unknown>>();
  readonly #timer: NodeJS.Timeout;
  readonly #opened = performance.now();

  constructor(
    file: string,
    maxMs: number,
    readonly onClose: () => void = () => {},
    onExpire: () => void = () => {},
  ) {
    this.#db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      this.#db.pragma(`cache_size = -${SNAPSHOT_CACHE_KIB}`);
      this.#blocks = new BlockReader(this.#db);
      this.#head = this.#db.prepare("SELECT cid, rev FROM repo_root WHERE did = ?");
      // The transaction's first read fixes the view; heads and blocks are all read in it.
      this.#db.exec("BEGIN");
    } catch (err) {
      this.#db.close();
      throw err;
    }
    this.#timer = setTimeout(() => {
      onExpire();
      this.close();
    }, maxMs);
    this.#timer.unref();
  }

  /** The repo's head in this snapshot, or null when it is not hosted here. */
  attemptHead(did: string): RepoRoot | null {
    this.#assertOpen();
    return this.#head.get(did) ?? null;
  }

  /** The repo's blocks in this snapshot, uncached (an export must not evict the writers' cache). */
  blockStore(did: string): ReadonlyBlockStore {
    const getBlock = (cid: Cid) => {
      this.#assertOpen();
      return this.#blocks.get(did, cid.bytes) ?? null;
    };
    return { getBlock, hasBlock: (cid) => getBlock(cid) !== null };
  }

  /** The repo's blocks written after rev `since`, one row at a time; throws if closed before the end. */
  *blocksSince(did: string, since: string): Generator<{ cid: Buffer; bytes: Buffer }> {
    this.#assertOpen();
    const rows = this.#blocks.since(did, since);
    this.#iterating.add(rows);
    try {
      yield* rows;
    } finally {
      this.#iterating.delete(rows);
    }
    // Closing ends the rows early: that must not pass for the end of the repo.
    this.#assertOpen();
  }

  /** Ends the read transaction and closes the connection; safe to call twice. */
  close(): void {
    clearTimeout(this.#timer);
    if (!this.#db.open) return;
    for (const rows of this.#iterating) rows.return?.();
    this.#db.close();
    this.onClose();
  }

  #assertOpen(): void {
    if (!this.#db.open) throw new SnapshotClosedError(Math.round(performance.now() - this.#opened));
  }
}
