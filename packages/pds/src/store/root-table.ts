import type Database from "better-sqlite3";
import type { Db } from "../db/database.js";

/** A repo's head: the current commit's CID (string form) and rev. */
export interface RepoRoot {
  cid: string;
  rev: string;
}

/** The repo_root table: one head per hosted repo. */
export class RootTable {
  readonly #get: Database.Statement<[string], RepoRoot>;
  readonly #put: Database.Statement;
  readonly #list: Database.Statement<[string, number], RepoRoot & { did: string }>;

  constructor(db: Db) {
    this.#get = db.prepare("SELECT cid, rev FROM repo_root WHERE did = ?");
    this.#put = db.prepare(
      `INSERT INTO repo_root (did, cid, rev, indexed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (did) DO UPDATE SET cid = excluded.cid, rev = excluded.rev, indexed_at = excluded.indexed_at`,
    );
    this.#list = db.prepare("SELECT did, cid, rev FROM repo_root WHERE did > ? ORDER BY did LIMIT ?");
  }

  /** The repo's head, or null when it is not hosted here. */
  attemptGet(did: string): RepoRoot | null {
    return this.#get.get(did) ?? null;
  }

  /** Sets the head (inside the commit's transaction). */
  put(did: string, root: RepoRoot): void {
    this.#put.run(did, root.cid, root.rev, new Date().toISOString());
  }

  /** A page of hosted repos by DID, after `cursor`. */
  list(cursor: string, limit: number): (RepoRoot & { did: string })[] {
    return this.#list.all(cursor, limit);
  }
}
