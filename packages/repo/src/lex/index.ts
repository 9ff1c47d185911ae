import * as CBOR from "../cbor/index.js";
import { Cid, DAG_CBOR } from "../cid.js";
import type { LexValue } from "./types.js";

export { isWellFormed } from "../cbor/encode.js";
export { jsonToLex, jsonToRecord, lexToJson } from "./json.js";
export type { BlobRef, LexMap, LexValue } from "./types.js";

/** A DAG-CBOR block: its bytes and the CID over them. */
export interface Block {
  cid: Cid;
  bytes: Uint8Array;
}

/** Encodes a value as a DAG-CBOR block. */
export function encodeBlock(value: LexValue): Block {
  const bytes = CBOR.encode(value);
  return { cid: Cid.create(DAG_CBOR, bytes), bytes };
}

/** The CID a record gets in the repo: CIDv1, dag-cbor, sha-256 of its canonical encoding. */
export function cidForRecord(value: LexValue): Cid {
  return encodeBlock(value).cid;
}
