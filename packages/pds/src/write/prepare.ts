import { type Cid, encodeBlock, InvalidDataError } from "@putrecord/repo";
import { validateRecord } from "../lexicon/validate-record.js";
import { backlinkOf } from "../store/backlinks.js";
import { findBlobRefs } from "./blob-refs.js";
import { InvalidRecordError } from "./errors.js";
import type { PreparedDelete, PreparedRecordWrite, RecordInput, WriteAction } from "./types.js";

/** A record write as the request gave it (the record already converted from JSON). */
export interface RecordWriteInput extends RecordInput {
  action: WriteAction;
  collection: string;
  rkey: string;
  validate: boolean | undefined;
  swapCid?: Cid | null;
  /** createRecord (validated): drop older likes/reposts/follows/blocks of the same subject. */
  replaceDuplicates?: boolean;
}

/** What preparing a record finds: all of a prepared write that depends on the record. */
export type PreparedRecord = Pick<PreparedRecordWrite, "block" | "link" | "blobs" | "validationStatus">;

/**
 * Turns a requested record write into data ready to commit (pds-anchor §2.4 a–e). The input is left
 * as given. Throws InvalidRecordError.
 */
export function prepareRecordWrite(input: RecordWriteInput): PreparedRecordWrite {
  return withRequest(input, prepareRecord(input.collection, input.rkey, input, input.validate));
}

/** A prepared write: the request's own fields, and what preparing its record found. */
export function withRequest(input: RecordWriteInput, record: PreparedRecord): PreparedRecordWrite {
  const prepared: PreparedRecordWrite = {
    action: input.action,
    collection: input.collection,
    rkey: input.rkey,
    ...record,
    swapCid: input.swapCid,
  };
  if (input.replaceDuplicates) prepared.replaceDuplicates = true;
  return prepared;
}

/**
 * The record's part of preparing (pure, so a worker thread may run it): `$type` filled or checked
 * (even unvalidated), lexicon validation, blob refs collected, the backlink subject found, the record
 * encoded and hashed.
 */
export function prepareRecord(
  collection: string,
  rkey: string,
  input: RecordInput,
  validate: boolean | undefined,
): PreparedRecord {
  const { record, json } = withType(input, collection);
  const validationStatus = validateRecord(collection, rkey, json, validate);
  const blobs = findBlobRefs(record);
  try {
    return { block: encodeBlock(record), link: backlinkOf(collection, record), blobs, validationStatus };
  } catch (err) {
    if (err instanceof InvalidDataError) throw new InvalidRecordError(err.message);
    throw err;
  }
}

/** The record with `$type` set to its collection (a copy when it had none); another `$type` is refused. */
function withType(input: RecordInput, collection: string): RecordInput {
  const { record, json } = input;
  if (record.$type === undefined) {
    return { record: { ...record, $type: collection }, json: { ...json, $type: collection } };
  }
  if (record.$type !== collection) {
    throw new InvalidRecordError(`Invalid $type: expected ${collection}, got ${String(record.$type)}`);
  }
  return input;
}

/** A delete needs no preparation beyond its key and swap. */
export function prepareDelete(collection: string, rkey: string, swapCid?: Cid | null): PreparedDelete {
  return { action: "delete", collection, rkey, swapCid };
}
