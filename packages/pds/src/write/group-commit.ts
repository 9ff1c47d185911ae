import type { Db } from "../db/database.js";
import type { WalSync } from "./wal-sync.js";

/** Where committed events go once durable: `mark` names the last one committed, `publish` sends up to it. */
export interface CommitEvents {
  mark(): number;
  publish(upTo: number): void;
}

interface Job<T> {
  run: () => T;
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: writes queued in the same tick run in ONE SQLite transaction (one fsync), each in
 * its own savepoint so a failing write (a bad swap) rolls back alone. Jobs run in arrival order, each
 * seeing the previous one's effects, so writes to one repo never lose an update. Callers are resolved
 * only once their write is on disk: after COMMIT with `synchronous=FULL`, or, with a WalSync, after
 * the WAL sync that covers the commit (the fsync then runs off the event loop, see wal-sync.ts).
 * While a group waits for its sync, the next group gathers: it runs when the sync returns, so under
 * load groups grow (more writes per transaction and per commit) instead of syncing once per tick.
 * `afterCommit` hooks (caches, blob file deletes) and firehose events run once the commit is durable.
 * better-sqlite3 is synchronous: the transaction never spans an await, and in-memory state is only
 * updated after commit, so a rollback has nothing to undo.
 */
export class GroupCommit {
  #queue: Job<unknown>[] = [];
  #scheduled = false;
  /** A committed group is waiting for its WAL sync; the next group waits for it too (and grows). */
  #syncing = false;
  readonly #afterCommit: (() => void)[] = [];

  constructor(
    readonly db: Db,
    readonly events: CommitEvents,
    readonly wal: WalSync | null,
    /** Housekeeping run in each group's transaction after its jobs; a failure rolls back only it. */
    readonly upkeep?: { run: () => void; onError: (err: unknown) => void },
  ) {}

  /** Queues `run` to execute inside the next group transaction; resolves with its result once durable. */
  submit<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ run, resolve, reject } as Job<unknown>);
      if (!this.#scheduled && !this.#syncing) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Registers work for once the current group's commit is durable (only valid while a job runs). */
  afterCommit(fn: () => void): void {
    this.#afterCommit.push(fn);
  }

  #flush(): void {
    this.#scheduled = false;
    const jobs = this.#queue;
    this.#queue = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; err: unknown })[] = [];
    if (this.wal) this.db.pragma("synchronous = NORMAL");
    try {
      this.db.transaction(() => {
        for (const job of jobs) {
          const hooks = this.#afterCommit.length;
          try {
            outcomes.push({ ok: true, value: this.db.transaction(job.run)() });
          } catch (err) {
            // The job's savepoint rolled back; so do its hooks.
            this.#afterCommit.length = hooks;
            outcomes.push({ ok: false, err });
          }
        }
        if (this.upkeep) {
          try {
            this.db.transaction(this.upkeep.run)();
          } catch (err) {
            this.upkeep.onError(err);
          }
        }
      })();
    } catch (err) {
      this.#afterCommit.length = 0;
      for (const job of jobs) job.reject(err);
      return;
    } finally {
      if (this.wal) this.db.pragma("synchronous = FULL");
    }
    const hooks = this.#afterCommit.splice(0);
    const mark = this.events.mark();
    const settle = () => {
      // Only once durable: a blob file deleted for a commit a crash then loses would be gone for good.
      for (const fn of hooks) fn();
      this.events.publish(mark);
      jobs.forEach((job, i) => {
        const out = outcomes[i]!;
        if (out.ok) job.resolve(out.value);
        else job.reject(out.err);
      });
    };
    if (!this.wal) {
      settle();
      return;
    }
    this.#syncing = true;
    const next = () => {
      this.#syncing = false;
      if (this.#queue.length > 0 && !this.#scheduled) this.#flush();
    };
    this.wal
      .whenDurable()
      .then(settle, (err) => {
        for (const job of jobs) job.reject(err);
      })
      .finally(next);
  }
}
