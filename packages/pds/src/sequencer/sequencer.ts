import { CBOR, type LexMap } from "@putrecord/repo";
import type Database from "better-sqlite3";
import type { Db } from "../db/database.js";
import { type CommitEvent, commitBody, type EventType, type SeqEvent } from "./events.js";
import { SeqRetention } from "./retention.js";

/** Receives events after their transaction committed, in seq order. */
export type SeqListener = (events: SeqEvent[]) => void;

interface SeqRow {
  seq: number;
  did: string;
  event_type: EventType;
  event: Uint8Array;
  sequenced_at: string;
}

function fromRow(row: SeqRow): SeqEvent {
  let body: LexMap | undefined;
  return {
    seq: row.seq,
    did: row.did,
    type: row.event_type,
    time: row.sequenced_at,
    bytes: row.event,
    get body() {
      body ??= CBOR.decode(row.event) as LexMap;
      return body;
    },
  };
}

/** Bounds on one read of the log: at most `maxEvents`, stopping after the event that reaches `maxBytes`. */
export interface PageLimits {
  maxEvents: number;
  maxBytes: number;
  /** The highest seq to read (default: all). */
  upTo?: number;
}

/** What `notify` reads per page to publish: 500 events as the reference, and a byte bound it lacks. */
const PUBLISH_PAGE: PageLimits = { maxEvents: 500, maxBytes: 4 * 1024 * 1024 };
const NO_BOUND = Number.MAX_SAFE_INTEGER;

/**
 * The firehose log in repo_seq. Events are appended inside the writer's transaction (so an event
 * exists exactly when its commit does) and published to listeners by `notify` once durable.
 */
export class Sequencer {
  readonly #insert: Database.Statement;
  readonly #range: Database.Statement<[number, number], SeqRow>;
  readonly #last: Database.Statement<[], number | null>;
  readonly #lastUpTo: Database.Statement<[number], number | null>;
  readonly #listeners = new Set<SeqListener>();
  /** The highest seq published (every event up to it is durable); always an event's seq, or 0. */
  #published: number;
  /** The highest seq appended (perhaps rolled back since): a bound for `notify`, never a cursor. */
  #appended: number;
  /** The replay window, and the pruning that keeps the log within it. */
  readonly retention: SeqRetention;

  constructor(
    readonly db: Db,
    opts: { retentionMs: number; onError: (err: unknown) => void },
  ) {
    this.#insert = db.prepare(
      "INSERT INTO repo_seq (did, event_type, event, sequenced_at) VALUES (?, ?, ?, ?)",
    );
    this.#range = db.prepare("SELECT * FROM repo_seq WHERE seq > ? AND seq <= ? ORDER BY seq");
    this.#last = db.prepare<[], number | null>("SELECT max(seq) FROM repo_seq").pluck();
    this.#lastUpTo = db
      .prepare<[number], number | null>("SELECT max(seq) FROM repo_seq WHERE seq <= ?")
      .pluck();
    this.#published = this.lastSeq();
    this.#appended = this.#published;
    this.retention = new SeqRetention(db, opts.retentionMs, opts.onError);
  }

  /** Stops pruning; call before the database closes. */
  close(): Promise<void> {
    return this.retention.close();
  }

  /** The highest seq on disk (0 when none). */
  lastSeq(): number {
    return this.#last.get() ?? 0;
  }

  /** The highest seq published: replays stop here, and live events start after it. */
  get published(): number {
    return this.#published;
  }

  /**
   * The highest seq appended so far, without a query: once the transaction that appended it commits,
   * `notify(upTo)` with it publishes every committed event. Rolled-back seqs are simply not found.
   */
  lastAppended(): number {
    return this.#appended;
  }

  /**
   * Appends an event in the caller's transaction and returns it as stored (its bytes encoded once, here).
   * Call `notify` after commit.
   */
  append(did: string, type: EventType, body: LexMap): SeqEvent {
    const bytes = CBOR.encode(body);
    const time = new Date().toISOString();
    const seq = Number(this.#insert.run(did, type, bytes, time).lastInsertRowid);
    if (seq > this.#appended) this.#appended = seq;
    return fromRow({ seq, did, event_type: type, event: bytes, sequenced_at: time });
  }

  /** Appends a `#commit`, in the caller's transaction. */
  appendCommit(evt: CommitEvent): SeqEvent {
    return this.append(evt.repo, "commit", commitBody(evt));
  }

  /** Sequences an `#identity` event now (handle changes, account creation). */
  sequenceIdentity(did: string, handle?: string): number {
    return this.#appendNow(did, "identity", handle === undefined ? { did } : { did, handle });
  }

  /** Sequences an `#account` event now: `active`, and `status` when inactive. */
  sequenceAccount(did: string, active: boolean, status?: string): number {
    return this.#appendNow(did, "account", status === undefined ? { did, active } : { did, active, status });
  }

  /** Sequences a `#sync` event now: a CAR holding only the commit block, and its rev. */
  sequenceSync(did: string, commitCar: Uint8Array, rev: string): number {
    return this.#appendNow(did, "sync", { did, blocks: commitCar, rev });
  }

  #appendNow(did: string, type: EventType, body: LexMap): number {
    const { seq } = this.append(did, type, body);
    this.notify();
    return seq;
  }

  /** Events with seq > `cursor`, oldest first, within `limits` (at least one when any is in range). */
  page(cursor: number, limits: PageLimits): SeqEvent[] {
    const events: SeqEvent[] = [];
    let bytes = 0;
    // Rows are read one at a time, so a page of large events never sits in memory past its bound.
    for (const row of this.#range.iterate(cursor, limits.upTo ?? NO_BOUND)) {
      events.push(fromRow(row));
      bytes += row.event.length;
      if (events.length >= limits.maxEvents || bytes >= limits.maxBytes) break;
    }
    return events;
  }

  /** Events with seq > `cursor`, oldest first, at most `limit`. */
  after(cursor: number, limit: number): SeqEvent[] {
    return this.page(cursor, { maxEvents: limit, maxBytes: NO_BOUND });
  }

  /**
   * Publishes committed events not yet published, up to seq `upTo`, to the listeners. `appended` are
   * the events a group's commits returned: when they are exactly the ones to publish (as they are unless
   * the group also ran other jobs that append), they go out as they are, without reading the log back.
   */
  notify(upTo = NO_BOUND, appended: readonly SeqEvent[] = []): void {
    const count = appended.length;
    if (count > 0 && count <= PUBLISH_PAGE.maxEvents && count === upTo - this.#published) {
      if (appended[0]!.seq === this.#published + 1 && appended[count - 1]!.seq === upTo) {
        this.#published = upTo;
        for (const listener of this.#listeners) listener(appended as SeqEvent[]);
        return;
      }
    }
    if (this.#listeners.size === 0) {
      // Nobody to send to, but replays and new subscribers start from here.
      this.#published = Math.max(this.#published, this.#lastUpTo.get(upTo) ?? 0);
      return;
    }
    for (;;) {
      const events = this.page(this.#published, { ...PUBLISH_PAGE, upTo });
      if (events.length === 0) return;
      this.#published = events[events.length - 1]!.seq;
      for (const listener of this.#listeners) listener(events);
    }
  }

  /** Adds a listener for events published from now on; returns the function that removes it. */
  subscribe(listener: SeqListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
