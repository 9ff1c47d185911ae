import { setImmediate as nextTurn } from "node:timers/promises";
import {
  CBOR,
  CborDecodeError,
  type Cid,
  type Commit,
  decodeCommit,
  type LexMap,
  MissingBlockError,
  RepoError,
  readBlock,
  readCarStream,
  verifyCommitSignature,
  verifyMst,
} from "@putrecord/repo";
import type { Db } from "../db/database.js";
import { backlinkOf } from "../store/backlinks.js";
import { blobCidsOf } from "./blob-refs.js";
import { InvalidImportError } from "./errors.js";
import { ImportStaging } from "./import-staging.js";

/** A CAR staged and verified: what the repo will hold (its commit's MST root) and where it came from. */
export interface VerifiedImport {
  staging: ImportStaging;
  commit: Commit;
  /** How many records it holds. */
  records: number;
}

/** Records verified between turns of the event loop. */
const RECORDS_PER_TURN = 200;

/**
 * Reads a repo CAR as it streams in (each block hashed against its CID by the reader) into the staging
 * tables, then checks it all from there: one root, a commit for `did` signed by one of `signingKeys`
 * (the key its DID document names, or this server's own key for the account), a canonical MST, and
 * every record present and a DAG-CBOR map with a `$type`. The records are staged with what they link
 * to. Throws InvalidImportError (the staging rows are discarded) or the request body's own errors.
 */
export async function stageAndVerifyImport(
  db: Db,
  source: AsyncIterable<Uint8Array>,
  did: string,
  signingKeys: string[],
): Promise<VerifiedImport> {
  const staging = new ImportStaging(db);
  try {
    const root = await stageCar(staging, source);
    const commit = verifiedCommit(staging, root, did, signingKeys);
    const records = await stageRecords(staging, commit);
    return { staging, commit, records };
  } catch (err) {
    staging.discard();
    if (err instanceof RepoError) throw new InvalidImportError(err.message);
    throw err;
  }
}

async function stageCar(staging: ImportStaging, source: AsyncIterable<Uint8Array>): Promise<Cid> {
  const { roots, blocks } = await readCarStream(source);
  if (roots.length !== 1) throw new InvalidImportError("expected one root");
  for await (const [cid, bytes] of blocks) staging.addBlock(cid, bytes);
  staging.flush();
  return roots[0]!;
}

function verifiedCommit(staging: ImportStaging, root: Cid, did: string, signingKeys: string[]): Commit {
  const commit = decodeCommit({ cid: root, bytes: readBlock(staging.store(), root, "commit") });
  if (commit.did !== did) throw new InvalidImportError(`the repo is ${commit.did}'s, not ${did}'s`);
  const signed = signingKeys.some((key) => {
    try {
      return verifyCommitSignature(commit, key);
    } catch {
      return false;
    }
  });
  if (!signed) throw new InvalidImportError("the commit is not signed by the account's key");
  return commit;
}

async function stageRecords(staging: ImportStaging, commit: Commit): Promise<number> {
  const store = staging.store();
  let count = 0;
  for (const { key, value } of verifyMst(store, commit.data)) {
    const slash = key.indexOf("/");
    const collection = key.slice(0, slash);
    let record: LexMap;
    try {
      record = CBOR.decode(readBlock(store, value, "record")) as LexMap;
    } catch (err) {
      if (err instanceof MissingBlockError) throw err;
      if (!(err instanceof CborDecodeError)) throw err;
      throw new InvalidImportError(`Could not parse record at '${key}'`);
    }
    if (
      record === null ||
      typeof record !== "object" ||
      Array.isArray(record) ||
      typeof record.$type !== "string"
    ) {
      throw new InvalidImportError(`Could not parse record at '${key}'`);
    }
    staging.addRecord({
      collection,
      rkey: key.slice(slash + 1),
      cid: value.toString(),
      linkTo: backlinkOf(collection, record),
      blobs: blobCidsOf(record),
    });
    if (++count % RECORDS_PER_TURN === 0) await nextTurn();
  }
  staging.flush();
  return count;
}

/** Moves a verified import's records, links and blob references from staging into the account's repo. */
export function indexImportedRecords(db: Db, did: string, importId: string, rev: string): void {
  const now = new Date().toISOString();
  for (const sql of [
    "DELETE FROM record WHERE did = ?",
    "DELETE FROM backlink WHERE did = ?",
    "DELETE FROM record_blob WHERE did = ?",
  ]) {
    db.prepare(sql).run(did);
  }
  db.prepare(
    `INSERT INTO record (did, collection, rkey, cid, rev, indexed_at)
     SELECT ?, collection, rkey, cid, ?, ? FROM import_record WHERE import_id = ?`,
  ).run(did, rev, now, importId);
  db.prepare(
    `INSERT INTO backlink (did, record_path, link_to)
     SELECT ?, collection || '/' || rkey, link_to FROM import_record WHERE import_id = ? AND link_to IS NOT NULL`,
  ).run(did, importId);
  db.prepare(
    "INSERT INTO record_blob (did, blob_cid, record_path) SELECT ?, blob_cid, record_path FROM import_blob WHERE import_id = ?",
  ).run(did, importId);
  // Blobs uploaded before the import (a retried migration) become the records' blobs.
  db.prepare(
    `UPDATE blob SET temp_key = NULL WHERE did = ? AND temp_key IS NOT NULL
     AND cid IN (SELECT blob_cid FROM record_blob WHERE did = ?)`,
  ).run(did, did);
}
