import type { LexMap } from "@putrecord/repo";
import type Database from "better-sqlite3";
import type { Db } from "../db/database.js";

/** Where each deduplicated record type keeps its subject: a strong ref's URI, or a DID. */
const SUBJECTS: Record<string, (record: LexMap) => unknown> = {
  "app.bsky.feed.like": (r) => (r.subject as LexMap | undefined)?.uri,
  "app.bsky.feed.repost": (r) => (r.subject as LexMap | undefined)?.uri,
  "app.bsky.graph.follow": (r) => r.subject,
  "app.bsky.graph.block": (r) => r.subject,
};

/** The subject a like/repost/follow/block points at, or null for other records. */
export function backlinkOf(collection: string, record: LexMap): string | null {
  const subject = SUBJECTS[collection]?.(record);
  return typeof subject === "string" ? subject : null;
}

/**
 * The backlink table: which record points at which subject. createRecord uses it to drop an older
 * like (repost, follow, block) of the same subject in the same commit, as the reference does.
 */
export class BacklinkIndex {
  readonly #put: Database.Statement;
  readonly #delete: Database.Statement;
  readonly #find: Database.Statement<[string, string, string], string>;

  constructor(db: Db) {
    this.#put = db.prepare("INSERT OR REPLACE INTO backlink (did, record_path, link_to) VALUES (?, ?, ?)");
    this.#delete = db.prepare("DELETE FROM backlink WHERE did = ? AND record_path = ?");
    this.#find = db
      .prepare<[string, string, string], string>(
        "SELECT record_path FROM backlink WHERE did = ? AND link_to = ? AND record_path LIKE ? || '/%'",
      )
      .pluck();
  }

  /** Records the path's subject, or forgets the path when it has none (inside the write's transaction). */
  set(did: string, path: string, linkTo: string | null): void {
    if (linkTo === null) this.#delete.run(did, path);
    else this.#put.run(did, path, linkTo);
  }

  /** Paths in `collection` pointing at `linkTo`. */
  find(did: string, collection: string, linkTo: string): string[] {
    return this.#find.all(did, linkTo, collection);
  }
}
