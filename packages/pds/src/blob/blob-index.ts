import type Database from "better-sqlite3";
import type { Db } from "../db/database.js";
import { BlobMismatchError, BlobNotFoundError } from "./errors.js";

/** A blob ref as a record declares it. */
export interface DeclaredBlob {
  cid: string;
  mimeType: string;
  size: number;
}

/** An uploaded blob's row. */
export interface BlobRow {
  cid: string;
  mimeType: string;
  size: number;
  temporary: boolean;
}

/**
 * Blob metadata and which records reference which blobs. Uploads start temporary; the first record
 * that references a blob checks its declared type and size and makes it permanent, inside the
 * record's transaction.
 */
export class BlobIndex {
  readonly #insert: Database.Statement;
  readonly #get: Database.Statement<[string, string]>;
  readonly #makePermanent: Database.Statement;
  readonly #link: Database.Statement;
  readonly #linkedTo: Database.Statement<[string, string], string>;
  readonly #unlink: Database.Statement;
  readonly #linkCount: Database.Statement<[string, string], number>;
  readonly #delete: Database.Statement;
  readonly #keepIfReferenced: Database.Statement;

  constructor(db: Db) {
    this.#insert = db.prepare(
      `INSERT INTO blob (did, cid, mime_type, size, temp_key, created_at) VALUES (?, ?, ?, ?, 'temp', ?)
       ON CONFLICT DO NOTHING`,
    );
    this.#get = db.prepare(
      "SELECT cid, mime_type, size, temp_key, takedown_ref FROM blob WHERE did = ? AND cid = ?",
    );
    this.#makePermanent = db.prepare("UPDATE blob SET temp_key = NULL WHERE did = ? AND cid = ?");
    this.#link = db.prepare(
      "INSERT OR IGNORE INTO record_blob (did, blob_cid, record_path) VALUES (?, ?, ?)",
    );
    this.#linkedTo = db
      .prepare<[string, string], string>("SELECT blob_cid FROM record_blob WHERE did = ? AND record_path = ?")
      .pluck();
    this.#unlink = db.prepare("DELETE FROM record_blob WHERE did = ? AND record_path = ?");
    this.#linkCount = db
      .prepare<[string, string], number>("SELECT count(*) FROM record_blob WHERE did = ? AND blob_cid = ?")
      .pluck();
    this.#delete = db.prepare("DELETE FROM blob WHERE did = ? AND cid = ?");
    this.#keepIfReferenced = db.prepare(
      `UPDATE blob SET temp_key = NULL WHERE did = ? AND cid = ? AND temp_key IS NOT NULL
       AND EXISTS (SELECT 1 FROM record_blob WHERE did = ? AND blob_cid = ?)`,
    );
  }

  /** Records an upload as temporary; an already known blob keeps its state. */
  recordUpload(did: string, cid: string, mimeType: string, size: number): void {
    this.#insert.run(did, cid, mimeType, size, new Date().toISOString());
  }

  /**
   * Makes an upload permanent when a record already names it: a record imported before its blob was
   * uploaded (account migration). Its declared size and type are not checked: imported records were
   * checked where they were written.
   */
  keepIfReferenced(did: string, cid: string): void {
    this.#keepIfReferenced.run(did, cid, did, cid);
  }

  /** The blob's row, or null when this account never uploaded it or it was taken down. */
  get(did: string, cid: string): BlobRow | null {
    const row = this.#get.get(did, cid) as
      | { cid: string; mime_type: string; size: number; temp_key: string | null; takedown_ref: string | null }
      | undefined;
    if (!row || row.takedown_ref !== null) return null;
    return { cid: row.cid, mimeType: row.mime_type, size: row.size, temporary: row.temp_key !== null };
  }

  /** Links a record's blobs, checking each against its upload (inside the write's transaction). */
  attach(did: string, recordPath: string, blobs: DeclaredBlob[]): void {
    for (const blob of blobs) {
      const row = this.get(did, blob.cid);
      if (row === null) throw new BlobNotFoundError(blob.cid);
      if (row.temporary) {
        if (row.mimeType !== blob.mimeType)
          throw new BlobMismatchError("mimeType", row.mimeType, blob.mimeType);
        if (row.size !== blob.size) throw new BlobMismatchError("size", row.size, blob.size);
        this.#makePermanent.run(did, blob.cid);
      }
      this.#link.run(did, blob.cid, recordPath);
    }
  }

  /** Unlinks a record's blobs; returns their CIDs, to check with `collectUnreferenced`. */
  detach(did: string, recordPath: string): string[] {
    const cids = this.#linkedTo.all(did, recordPath);
    if (cids.length > 0) this.#unlink.run(did, recordPath);
    return cids;
  }

  /** Deletes the rows of candidates no record references any more; returns them (files go later). */
  collectUnreferenced(did: string, candidates: Iterable<string>): string[] {
    const gone: string[] = [];
    for (const cid of new Set(candidates)) {
      if (this.#linkCount.get(did, cid) !== 0) continue;
      this.#delete.run(did, cid);
      gone.push(cid);
    }
    return gone;
  }
}
