import { CBOR, type LexMap } from "@putrecord/repo";
import type Database from "better-sqlite3";
import type { Db } from "../db/database.js";
import { type CommitEvent, commitBody, type EventType, type SeqEvent } from "./events.js";

/** Receives events after their transaction committed, in seq order. */
export type SeqListener = (events: SeqEvent[]) => void;

interface SeqRow {
  seq: number;
  did: string;
  event_type: EventType;
  event: Buffer;
  sequenced_at: string;
}

function fromRow(row: SeqRow): SeqEvent {
  return {
    seq: row.seq,
    did: row.did,
    type: row.event_type,
    time: row.sequenced_at,
    body: CBOR.decode(row.event) as LexMap,
  };
}

/**
 * The firehose log in repo_seq. Events are appended inside the writer's transaction (so an event
 * exists exactly when its commit does) and published to listeners by `notify` once committed.
 */
export class Sequencer {
  readonly #insert: Database.Statement;
  readonly #after: Database.Statement<[number, number], SeqRow>;
  readonly #last: Database.Statement<[], number | null>;
  readonly #listeners = new Set<SeqListener>();
  #published: number;
  /** The highest seq appended (perhaps rolled back since): a bound for `notify`, never a cursor. */
  #appended: number;

  constructor(readonly db: Db) {
    this.#insert = db.prepare(
      "INSERT INTO repo_seq (did, event_type, event, sequenced_at) VALUES (?, ?, ?, ?)",
    );
    this.#after = db.prepare("SELECT * FROM repo_seq WHERE seq > ? ORDER BY seq LIMIT ?");
    this.#last = db.prepare<[], number | null>("SELECT max(seq) FROM repo_seq").pluck();
    this.#published = 0;
    this.#appended = this.lastSeq();
  }

  /** The highest seq on disk (0 when none). */
  lastSeq(): number {
    return this.#last.get() ?? 0;
  }

  /**
   * The highest seq appended so far, without a query: once the transaction that appended it commits,
   * `notify(upTo)` with it publishes every committed event. Rolled-back seqs are simply not found.
   */
  lastAppended(): number {
    return this.#appended;
  }

  /** Appends an event in the caller's transaction; returns its seq. Call `notify` after commit. */
  append(did: string, type: EventType, body: LexMap): number {
    const info = this.#insert.run(did, type, CBOR.encode(body), new Date().toISOString());
    const seq = Number(info.lastInsertRowid);
    if (seq > this.#appended) this.#appended = seq;
    return seq;
  }

  /** Appends a `#commit`, in the caller's transaction. */
  appendCommit(evt: CommitEvent): number {
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
    const seq = this.append(did, type, body);
    this.notify();
    return seq;
  }

  /** Events with seq > `cursor`, oldest first, at most `limit`. */
  after(cursor: number, limit: number): SeqEvent[] {
    return this.#after.all(cursor, limit).map(fromRow);
  }

  /** Publishes committed events not yet published, up to seq `upTo`, to the listeners. */
  notify(upTo = Number.POSITIVE_INFINITY): void {
    if (this.#listeners.size === 0) return;
    for (;;) {
      const events = this.after(this.#published, 500).filter((e) => e.seq <= upTo);
      if (events.length === 0) return;
      this.#published = events[events.length - 1]!.seq;
      for (const listener of this.#listeners) listener(events);
    }
  }

  /** Adds a listener for published events; returns the function that removes it. */
  subscribe(listener: SeqListener): () => void {
    // Nothing is published while nobody listens; the first listener starts from the head.
    if (this.#listeners.size === 0) this.#published = this.lastSeq();
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
