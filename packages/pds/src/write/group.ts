import type Database from "better-sqlite3";
import type { Db } from "../db/database.js";

/** One job's outcome: a job never fails another's. */
export type Settled<T> = { ok: true; value: T } | { ok: false; err: unknown };

/** Runs `fn` all or nothing: as a transaction, or as a savepoint inside one. */
export type Atomic = <T>(fn: () => T) => T;

/**
 * better-sqlite3's transaction wrapper for any function, made once: `db.transaction(fn)` builds four
 * wrapper functions per call, and a group makes one savepoint per job and per commit.
 */
export function atomic(db: Db): Atomic {
  return db.transaction((fn: () => unknown) => fn()) as Atomic;
}

/**
 * One group transaction: jobs queued together run in ONE SQLite transaction (one WAL sync for all),
 * each in its own savepoint so a failing job (a bad swap) rolls back alone. Jobs run in arrival order,
 * each seeing the previous one's effects, so writes to one repo never lose an update. better-sqlite3 is
 * synchronous: the transaction never spans an await.
 */
export class GroupTransaction {
  readonly #relaxed: Database.Statement;
  readonly #full: Database.Statement;
  /** The savepoint wrapper of this database (batches make one per commit). */
  readonly atomic: Atomic;

  constructor(
    readonly db: Db,
    /**
     * Whether a WalSync makes commits durable: the group then commits with `synchronous=NORMAL` (frames
     * written, not synced) and its callers wait for the sync; every other write keeps `FULL`.
     */
    readonly walSynced: boolean,
    /** Housekeeping run in each group's transaction after its jobs; a failure rolls back only it. */
    readonly upkeep?: { run: () => void; onError: (err: unknown) => void },
  ) {
    this.#relaxed = db.prepare("PRAGMA synchronous = NORMAL");
    this.#full = db.prepare("PRAGMA synchronous = FULL");
    this.atomic = atomic(db);
  }

  /** Runs the jobs and commits; returns each job's outcome. Throws when the transaction itself fails. */
  run<T>(jobs: readonly (() => T)[]): Settled<T>[] {
    const outcomes: Settled<T>[] = [];
    if (this.walSynced) this.#relaxed.run();
    try {
      this.atomic(() => {
        for (const job of jobs) {
          try {
            outcomes.push({ ok: true, value: this.atomic(job) });
          } catch (err) {
            outcomes.push({ ok: false, err });
          }
        }
        if (this.upkeep) {
          try {
            this.atomic(this.upkeep.run);
          } catch (err) {
            this.upkeep.onError(err);
          }
        }
      });
    } finally {
      if (this.walSynced) this.#full.run();
    }
    return outcomes;
  }
}
