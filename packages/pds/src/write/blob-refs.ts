import { Cid, type LexMap, type LexValue } from "@putrecord/repo";
import type { DeclaredBlob } from "../blob/blob-index.js";
import { InvalidRecordError } from "./errors.js";

function isLegacyBlobRef(map: LexMap): boolean {
  const keys = Object.keys(map);
  return (
    keys.length === 2 && typeof map.cid === "string" && typeof map.mimeType === "string" && !("$type" in map)
  );
}

function walk(value: LexValue, out: DeclaredBlob[]): void {
  if (value === null || typeof value !== "object" || value instanceof Uint8Array || Cid.is(value)) return;
  if (Array.isArray(value)) {
    for (const item of value) walk(item, out);
    return;
  }
  if (value.$type === "blob" && Cid.is(value.ref)) {
    out.push({ cid: value.ref.toString(), mimeType: value.mimeType as string, size: value.size as number });
    return;
  }
  // Refused even unvalidated: a legacy ref carries no size, so it cannot be checked against the upload.
  if (isLegacyBlobRef(value)) throw new InvalidRecordError(`Legacy blobs are not allowed (${value.cid})`);
  for (const key of Object.keys(value)) walk(value[key]!, out);
}

/** Every typed blob ref in a record, at any depth; a legacy `{cid, mimeType}` ref is an error. */
export function findBlobRefs(record: LexMap): DeclaredBlob[] {
  const out: DeclaredBlob[] = [];
  walk(record, out);
  return out;
}
