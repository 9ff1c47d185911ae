import { InvalidMstKeyError } from "../mst/errors.js";
import { ensureValidMstKey } from "../mst/key.js";

/** A record's address inside a repo. */
export interface RecordPath {
  collection: string;
  rkey: string;
}

/** The MST key of a record: `<collection>/<rkey>`; throws InvalidMstKeyError if it is not valid. */
export function formatDataKey(collection: string, rkey: string): string {
  const key = `${collection}/${rkey}`;
  ensureValidMstKey(key);
  return key;
}

/** Splits an MST key into collection and rkey; throws InvalidMstKeyError if it is not valid. */
export function parseDataKey(key: string): RecordPath {
  ensureValidMstKey(key);
  const slash = key.indexOf("/");
  if (slash < 0) throw new InvalidMstKeyError(key);
  return { collection: key.slice(0, slash), rkey: key.slice(slash + 1) };
}
