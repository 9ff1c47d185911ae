import type Database from "better-sqlite3";
import type { Db } from "../db/database.js";

/** A record's row in the index: the key and its current CID. */
export interface RecordRow {
  rkey: string;
  cid: string;
}

/** The records table: each repo's current records by collection and rkey (the MST's leaves, queryable). */
export class RecordIndex {
  readonly #put: Database.Statement;
  readonly #delete: Database.Statement;
  readonly #get: Database.Statement<[string, string, string], string>;
  readonly #listDesc: Database.Statement<[string, string, string, number], RecordRow>;
  readonly #listAsc: Database.Statement<[string, string, string, number], RecordRow>;
  readonly #collections: Database.Statement<[string, string], string>;

  constructor(db: Db) {
    this.#put = db.prepare(
      `INSERT INTO record (did, collection, rkey, cid, rev, indexed_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (did, collection, rkey) DO UPDATE SET cid = excluded.cid, rev = excluded.rev,
       indexed_at = excluded.indexed_at`,
    );
    this.#delete = db.prepare("DELETE FROM record WHERE did = ? AND collection = ? AND rkey = ?");
    this.#get = db
      .prepare<[string, string, string], string>(
        "SELECT cid FROM record WHERE did = ? AND collection = ? AND rkey = ?",
      )
      .pluck();
    this.#listDesc = db.prepare(
      `SELECT rkey, cid FROM record WHERE did = ? AND collection = ? AND rkey < ?
       ORDER BY rkey DESC LIMIT ?`,
    );
    this.#listAsc = db.prepare(
      `SELECT rkey, cid FROM record WHERE did = ? AND collection = ? AND rkey > ?
       ORDER BY rkey ASC LIMIT ?`,
    );
    // Jumps from one collection to the next instead of scanning every record.
    this.#collections = db
      .prepare<[string, string], string>(
        `WITH RECURSIVE c(name) AS (
           SELECT min(collection) FROM record WHERE did = ?
           UNION ALL
           SELECT (SELECT min(collection) FROM record WHERE did = ? AND collection > c.name)
           FROM c WHERE c.name IS NOT NULL)
         SELECT name FROM c WHERE name IS NOT NULL`,
      )
      .pluck();
  }

  /** Sets a record's current CID (inside the write's transaction). */
  put(did: string, collection: string, rkey: string, cid: string, rev: string): void {
    this.#put.run(did, collection, rkey, cid, rev, new Date().toISOString());
  }

  /** Removes a record (inside the write's transaction). */
  delete(did: string, collection: string, rkey: string): void {
    this.#delete.run(did, collection, rkey);
  }

  /** The record's current CID, or null. */
  attemptCid(did: string, collection: string, rkey: string): string | null {
    return this.#get.get(did, collection, rkey) ?? null;
  }

  /** A page of a collection: rkey descending by default (newest TIDs first), ascending if `reverse`. */
  list(
    did: string,
    collection: string,
    opts: { limit: number; cursor?: string; reverse?: boolean },
  ): RecordRow[] {
    if (opts.reverse) return this.#listAsc.all(did, collection, opts.cursor ?? "", opts.limit);
    return this.#listDesc.all(did, collection, opts.cursor ?? "\u{10ffff}", opts.limit);
  }

  /** The repo's collections, in order. */
  collections(did: string): string[] {
    return this.#collections.all(did, did);
  }
}
