import { type Cid, encodeBlock, InvalidDataError } from "@putrecord/repo";
import type { DeclaredBlob } from "../blob/blob-index.js";
import { acceptsMimeType, blobConstraints } from "../lexicon/blob-constraints.js";
import type { RecordInput } from "../lexicon/input.js";
import { validateRecord } from "../lexicon/validate-record.js";
import { findBlobRefs } from "./blob-refs.js";
import { BlobConstraintError, InvalidRecordError } from "./errors.js";
import type { PreparedDelete, PreparedRecordWrite, WriteAction } from "./types.js";

/** A record write as the request gave it (the record already converted from JSON). */
export interface RecordWriteInput extends RecordInput {
  action: WriteAction;
  collection: string;
  rkey: string;
  validate: boolean | undefined;
  swapCid?: Cid | null;
}

/**
 * Turns a requested record write into data ready to commit (pds-anchor §2.4 a–e): `$type` filled or
 * checked (even unvalidated), lexicon validation, blob refs collected, the record encoded and hashed.
 * Throws InvalidRecordError.
 */
export function prepareRecordWrite(input: RecordWriteInput): PreparedRecordWrite {
  const { collection, rkey, record, json } = input;
  if (record.$type === undefined) {
    record.$type = collection;
    json.$type = collection;
  } else if (record.$type !== collection) {
    throw new InvalidRecordError(`Invalid $type: expected ${collection}, got ${String(record.$type)}`);
  }
  const validationStatus = validateRecord(collection, rkey, json, input.validate);
  const blobs = findBlobRefs(record);
  if (validationStatus === "valid" && blobs.length > 0) checkBlobConstraints(collection, json, blobs);
  let block: PreparedRecordWrite["block"];
  try {
    block = encodeBlock(record);
  } catch (err) {
    if (err instanceof InvalidDataError) throw new InvalidRecordError(err.message);
    throw err;
  }
  return {
    action: input.action,
    collection,
    rkey,
    record,
    block,
    blobs,
    validationStatus,
    swapCid: input.swapCid,
  };
}

/** Checks each blob ref's declared size and type against its lexicon field (the upload must match them). */
function checkBlobConstraints(
  collection: string,
  json: Record<string, unknown>,
  blobs: DeclaredBlob[],
): void {
  const constraints = blobConstraints(collection, json);
  for (const blob of blobs) {
    const c = constraints.get(blob.cid);
    if (c?.maxSize !== undefined && blob.size > c.maxSize) {
      throw new BlobConstraintError(
        "maxSize",
        `This file is too large. It is ${blob.size} bytes but the maximum size is ${c.maxSize} bytes.`,
      );
    }
    if (c && !acceptsMimeType(c.accept, blob.mimeType)) {
      throw new BlobConstraintError(
        "accept",
        `Wrong type of file. It is ${blob.mimeType} but it must match ${c.accept!.join(", ")}.`,
      );
    }
  }
}

/** A delete needs no preparation beyond its key and swap. */
export function prepareDelete(collection: string, rkey: string, swapCid?: Cid | null): PreparedDelete {
  return { action: "delete", collection, rkey, swapCid };
}
