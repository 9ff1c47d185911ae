import type { Db } from "../db/database.js";

/** What a repo holds, as checkAccountStatus reports it during a migration. */
export interface RepoStats {
  repoBlocks: number;
  indexedRecords: number;
  /** Distinct blobs the records refer to. */
  expectedBlobs: number;
  /** Blobs uploaded for the account. */
  importedBlobs: number;
}

/** Counts a repo's blocks, records, referenced blobs and uploaded blobs. */
export function repoStats(db: Db, did: string): RepoStats {
  const count = (sql: string) => db.prepare(sql).pluck().get(did) as number;
  return {
    repoBlocks: count("SELECT count(*) FROM repo_block WHERE did = ?"),
    indexedRecords: count("SELECT count(*) FROM record WHERE did = ?"),
    expectedBlobs: count("SELECT count(DISTINCT blob_cid) FROM record_blob WHERE did = ?"),
    importedBlobs: count("SELECT count(*) FROM blob WHERE did = ?"),
  };
}

/** A page of the blobs the repo's records name that were never uploaded, by CID, after `cursor`. */
export function missingBlobs(
  db: Db,
  did: string,
  cursor: string,
  limit: number,
): { cid: string; path: string }[] {
  return db
    .prepare(
      `SELECT blob_cid AS cid, min(record_path) AS path FROM record_blob rb
       WHERE did = ? AND blob_cid > ?
       AND NOT EXISTS (SELECT 1 FROM blob b WHERE b.did = rb.did AND b.cid = rb.blob_cid)
       GROUP BY blob_cid ORDER BY blob_cid LIMIT ?`,
    )
    .all(did, cursor, limit) as { cid: string; path: string }[];
}

/** A page of the CIDs of the blobs the repo's records name, after `cursor`; with `since`, only those of
 * records written after that rev. */
export function listBlobCids(
  db: Db,
  did: string,
  opts: { cursor: string; limit: number; since?: string },
): string[] {
  const since =
    opts.since === undefined
      ? ""
      : "AND rb.record_path IN (SELECT collection || '/' || rkey FROM record r WHERE r.did = rb.did AND r.rev > ?)";
  const params: (string | number)[] = [
    did,
    opts.cursor,
    ...(opts.since === undefined ? [] : [opts.since]),
    opts.limit,
  ];
  return db
    .prepare(
      `SELECT DISTINCT blob_cid FROM record_blob rb WHERE did = ? AND blob_cid > ? ${since}
       ORDER BY blob_cid LIMIT ?`,
    )
    .pluck()
    .all(...params) as string[];
}
