import { CBOR, Cid, lexToJson } from "@putrecord/repo";
import type { AppContext } from "../context.js";

/** One of the account's own records, as read-after-write shows it. */
export interface LocalRecord<T = Record<string, unknown>> {
  uri: string;
  cid: string;
  /** When this PDS wrote it (the AppView will index it a little later). */
  indexedAt: string;
  /** The record as JSON. */
  record: T;
}

/** The account's profile and posts written after a revision: what the AppView may not have yet. */
export interface LocalRecords {
  count: number;
  profile: LocalRecord | null;
  posts: LocalRecord[];
}

/** At most this many records are merged (the reference's bound: the AppView is rarely further behind). */
const MAX_RECORDS = 10;
const PROFILE = "app.bsky.actor.profile";
const POST = "app.bsky.feed.post";

/**
 * The account's profile and posts with a revision after `rev` (the AppView's `atproto-repo-rev`),
 * oldest first, at most ten. None when no record is at or before `rev`: then the AppView's revision
 * is older than anything here (an account that just moved in) and nothing can be told apart.
 */
export function recordsSinceRev(ctx: AppContext, did: string, rev: string): LocalRecords {
  const result: LocalRecords = { count: 0, profile: null, posts: [] };
  const rows = ctx.db
    .prepare(
      `SELECT collection, rkey, cid, indexed_at FROM record
       WHERE did = ? AND rev > ? AND collection IN ('${POST}', '${PROFILE}') ORDER BY rev LIMIT ?`,
    )
    .all(did, rev, MAX_RECORDS) as { collection: string; rkey: string; cid: string; indexed_at: string }[];
  if (rows.length === 0) return result;
  const older = ctx.db.prepare("SELECT 1 FROM record WHERE did = ? AND rev <= ? LIMIT 1").get(did, rev);
  if (older === undefined) return result;
  const blocks = ctx.repos.blockStore(did);
  for (const row of rows) {
    const bytes = blocks.getBlock(Cid.parse(row.cid));
    if (bytes === null) continue;
    const local: LocalRecord = {
      uri: `at://${did}/${row.collection}/${row.rkey}`,
      cid: row.cid,
      indexedAt: row.indexed_at,
      record: lexToJson(CBOR.decode(bytes)) as Record<string, unknown>,
    };
    result.count++;
    if (row.collection === PROFILE && row.rkey === "self") result.profile = local;
    else if (row.collection === POST) result.posts.push(local);
  }
  return result;
}

/** Milliseconds since the oldest merged record was written: how far behind the AppView is. */
export function localLag(local: LocalRecords): number | undefined {
  const times = [local.profile, ...local.posts].flatMap((r) => (r ? [Date.parse(r.indexedAt)] : []));
  return times.length === 0 ? undefined : Date.now() - Math.min(...times);
}
