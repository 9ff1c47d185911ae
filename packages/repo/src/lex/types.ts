import type { Cid } from "../cid.js";

/** A value of the atproto data model, as held in memory: links are Cid, bytes are Uint8Array. */
export type LexValue = null | boolean | number | string | Cid | Uint8Array | LexValue[] | LexMap;

/** A data-model map; keys are strings and no value is `undefined`. */
export interface LexMap {
  [key: string]: LexValue;
}

/** A typed blob reference as stored in records. */
export interface BlobRef {
  $type: "blob";
  ref: Cid;
  mimeType: string;
  size: number;
}
