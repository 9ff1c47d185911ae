import type { Block, Cid, LexMap } from "@putrecord/repo";
import type { DeclaredBlob } from "../blob/blob-index.js";
import type { ValidationStatus } from "../lexicon/validate-record.js";

/**
 * What a write asks for. `put` creates or updates (putRecord); `create` requires the key to be free
 * and `update` requires a record there (createRecord, applyWrites).
 */
export type WriteAction = "create" | "update" | "put";

/** A record write, checked and encoded before the repo transaction. */
export interface PreparedRecordWrite {
  action: WriteAction;
  collection: string;
  rkey: string;
  record: LexMap;
  block: Block;
  blobs: DeclaredBlob[];
  validationStatus: ValidationStatus;
  /** undefined: no check; null: the record must not exist; a CID: the record must be at it. */
  swapCid?: Cid | null;
  /** createRecord (validated): drop older likes/reposts/follows/blocks of the same subject. */
  replaceDuplicates?: boolean;
}

/** A delete, checked before the repo transaction. */
export interface PreparedDelete {
  action: "delete";
  collection: string;
  rkey: string;
  swapCid?: Cid | null;
}

/** Any prepared write. */
export type PreparedWrite = PreparedRecordWrite | PreparedDelete;

/** A record write's outcome: whether it created or updated, and the record's URI and CID. */
export interface RecordWriteResult {
  action: "create" | "update";
  uri: string;
  cid: Cid;
  validationStatus: ValidationStatus;
}

/** One write's outcome, in the order of the request's writes. */
export type WriteResult = RecordWriteResult | { action: "delete" };

/** The commit a write made: its CID and rev (the response's `commit`). */
export interface CommitMeta {
  cid: Cid;
  rev: string;
}

/** A transaction's outcome: the results, and the commit unless nothing changed. */
export interface WritesOutcome {
  commit: CommitMeta | null;
  results: WriteResult[];
}

/** The data key of a record in the MST: `<collection>/<rkey>`. */
export function dataKey(collection: string, rkey: string): string {
  return `${collection}/${rkey}`;
}

/** The at:// URI of a record, always by DID. */
export function recordUri(did: string, collection: string, rkey: string): string {
  return `at://${did}/${collection}/${rkey}`;
}
