import { Cid } from "@putrecord/repo";
import type Database from "better-sqlite3";
import type { Db } from "../db/database.js";

/** A repo's head: the current commit and its rev. */
export interface RepoRoot {
  cid: Cid;
  rev: string;
}

/** A repo_root row as SQLite holds it. */
export interface RootRow {
  cid: string;
  rev: string;
}

/** The repo_root table: one head per hosted repo. CIDs are parsed once, here, as they are read. */
export class RootTable {
  readonly #get: Database.Statement<[string], RootRow>;
  readonly #put: Database.Statement<[string, string, string, string]>;
  readonly #list: Database.Statement<[string, number], RootRow & { did: string }>;

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
    return rootOf(this.#get.get(did));
  }

  /** Sets the head (inside the commit's transaction). */
  put(did: string, root: RepoRoot): void {
    this.#put.run(did, root.cid.toString(), root.rev, new Date().toISOString());
  }

  /** A page of hosted repos by DID, after `cursor`, with their heads as stored (listRepos sends them as text). */
  list(cursor: string, limit: number): (RootRow & { did: string })[] {
    return this.#list.all(cursor, limit);
  }
}

/** A repo head read from a row of repo_root, on any connection. */
export function rootOf(row: RootRow | undefined): RepoRoot | null {
  return row === undefined ? null : { cid: Cid.parse(row.cid), rev: row.rev };
}
