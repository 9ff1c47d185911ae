import type Database from "better-sqlite3";
import type { Db } from "../db/database.js";

/** Rows deleted per prune transaction; the event loop gets a turn between batches. */
const PRUNE_BATCH = 1000;
/** The longest wait between prunes; shorter windows are pruned a few times per window. */
const MAX_PRUNE_INTERVAL_MS = 60_000;

/** Where a replay starts: after `cursor`, and whether events the subscriber asked for are gone. */
export interface ReplayStart {
  /** Replay events after this seq; undefined when none is left in the window (live only). */
  cursor: number | undefined;
  /** The reference's `OutdatedCursor` notice is due. */
  outdated: boolean;
}

/**
 * The event log's retention window (`PDS_REPO_BACKFILL_LIMIT_MS`): a replay never reaches further back,
 * as the reference's, and, unlike the reference, older events are deleted so the log stays bounded.
 * The newest event is always kept: repo_seq's rowid key hands out max(seq) + 1, so seqs never repeat.
 */
export class SeqRetention {
  readonly #firstAfter: Database.Statement<[number], { seq: number; sequenced_at: string }>;
  readonly #firstSince: Database.Statement<[string], number>;
  readonly #first: Database.Statement<[], number | null>;
  readonly #delete: Database.Statement<[number, number]>;
  readonly #timer: NodeJS.Timeout;
  #pruning: Promise<number> | undefined;

  constructor(
    readonly db: Db,
    readonly windowMs: number,
    onError: (err: unknown) => void,
  ) {
    this.#firstAfter = db.prepare(
      "SELECT seq, sequenced_at FROM repo_seq WHERE seq > ? ORDER BY seq LIMIT 1",
    );
    // sequenced_at grows with seq, so the scan from the oldest stops at the window (which pruning keeps short).
    this.#firstSince = db
      .prepare<[string], number>("SELECT seq FROM repo_seq WHERE sequenced_at >= ? ORDER BY seq LIMIT 1")
      .pluck();
    this.#first = db.prepare<[], number | null>("SELECT min(seq) FROM repo_seq").pluck();
    this.#delete = db.prepare(
      `DELETE FROM repo_seq WHERE seq < ? AND seq < (SELECT max(seq) FROM repo_seq)
       AND seq IN (SELECT seq FROM repo_seq ORDER BY seq LIMIT ?)`,
    );
    const every = Math.min(MAX_PRUNE_INTERVAL_MS, Math.max(100, Math.floor(windowMs / 4)));
    this.#timer = setInterval(() => {
      this.prune().catch(onError);
    }, every);
    this.#timer.unref();
  }

  /** The oldest time a replay may reach: now minus the window. */
  windowStart(now = Date.now()): string {
    return new Date(now - this.windowMs).toISOString();
  }

  /**
   * Where to replay from for a subscriber's `cursor`. As the reference: when the next event is older
   * than the window, the replay starts at the window with `outdated`. Also outdated: a cursor whose
   * next events were already pruned.
   */
  replayStart(cursor: number): ReplayStart {
    const start = this.windowStart();
    const next = this.#firstAfter.get(cursor);
    const first = this.#first.get() ?? 0;
    if ((next === undefined || next.sequenced_at >= start) && cursor >= first - 1) {
      return { cursor, outdated: false };
    }
    const inWindow = this.#firstSince.get(start);
    return { cursor: inWindow === undefined ? undefined : inWindow - 1, outdated: true };
  }

  /** Deletes events older than the window, in batches; resolves with how many. One run at a time. */
  prune(now = Date.now()): Promise<number> {
    this.#pruning ??= this.#prune(this.windowStart(now)).finally(() => {
      this.#pruning = undefined;
    });
    return this.#pruning;
  }

  async #prune(before: string): Promise<number> {
    // Events appended while this runs are newer still: the bound is found once.
    const keepFrom = this.#firstSince.get(before) ?? Number.MAX_SAFE_INTEGER;
    let deleted = 0;
    for (;;) {
      const { changes } = this.#deleteBatch(keepFrom);
      deleted += changes;
      if (changes < PRUNE_BATCH) return deleted;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * One batch, committed without an fsync on the event loop: a delete a crash loses is simply done
   * again, and the next synced commit (or checkpoint) makes it durable anyway.
   */
  #deleteBatch(keepFrom: number): { changes: number } {
    this.db.pragma("synchronous = NORMAL");
    try {
      return this.#delete.run(keepFrom, PRUNE_BATCH);
    } finally {
      this.db.pragma("synchronous = FULL");
    }
  }

  /** Stops pruning (before the database closes). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#pruning;
  }
}
