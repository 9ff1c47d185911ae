import type { Block, Cid, LexMap } from "@putrecord/repo";
import type { DeclaredBlob } from "../blob/blob-index.js";
import type { ValidationStatus } from "../lexicon/validate-record.js";
import type { RepoRoot } from "../store/root-table.js";

/** A record as read from a request body: the core's data-model form, and the JSON (for lexicon validation). */
export interface RecordInput {
  record: LexMap;
  json: Record<string, unknown>;
}

/**
 * What a write asks for. `put` creates or updates (putRecord); `create` requires the key to be free
 * and `update` requires a record there (createRecord, applyWrites).
 */
export type WriteAction = "create" | "update" | "put";

/** A record write, checked and encoded before the repo transaction: no step after prepare reads the record. */
export interface PreparedRecordWrite {
  action: WriteAction;
  collection: string;
  rkey: string;
  block: Block;
  /** The subject a like, repost, follow or block points at (store/backlinks.ts), else null. */
  link: string | null;
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

/** One request's writes to one repo, as the write queue takes them. */
export interface WriteRequest {
  writes: PreparedWrite[];
  /** The commit the repo's head must be at (the request then gets a commit of its own). */
  swapCommit?: Cid;
}

/** A request's outcome: the results, and the commit unless nothing changed. */
export interface WritesOutcome {
  /** The commit it made, the repo's new head (the response's `commit`). */
  commit: RepoRoot | null;
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
