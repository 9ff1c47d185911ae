import { Cid, type LexMap, type LexValue } from "@putrecord/repo";
import type { DeclaredBlob } from "../blob/blob-index.js";
import { InvalidRecordError } from "./errors.js";

function isLegacyBlobRef(map: LexMap): boolean {
  const keys = Object.keys(map);
  return (
    keys.length === 2 && typeof map.cid === "string" && typeof map.mimeType === "string" && !("$type" in map)
  );
}

function walk(value: LexValue, out: DeclaredBlob[], allowLegacy = false): void {
  if (value === null || typeof value !== "object" || value instanceof Uint8Array || Cid.is(value)) return;
  if (Array.isArray(value)) {
    for (const item of value) walk(item, out, allowLegacy);
    return;
  }
  if (value.$type === "blob" && Cid.is(value.ref)) {
    out.push({ cid: value.ref.toString(), mimeType: value.mimeType as string, size: value.size as number });
    return;
  }
  if (isLegacyBlobRef(value)) {
    // Refused in writes, even unvalidated: it carries no size, so it cannot be checked against the upload.
    if (!allowLegacy) throw new InvalidRecordError(`Legacy blobs are not allowed (${value.cid})`);
    out.push({ cid: value.cid as string, mimeType: value.mimeType as string, size: 0 });
    return;
  }
  for (const key of Object.keys(value)) walk(value[key]!, out, allowLegacy);
}

/** Every typed blob ref in a record, at any depth; a legacy `{cid, mimeType}` ref is an error. */
export function findBlobRefs(record: LexMap): DeclaredBlob[] {
  const out: DeclaredBlob[] = [];
  walk(record, out);
  return out;
}

/** The CIDs of every blob a stored record refers to, legacy refs included (an imported repo has them). */
export function blobCidsOf(record: LexMap): string[] {
  const out: DeclaredBlob[] = [];
  walk(record, out, true);
  return [...new Set(out.map((b) => b.cid))];
}
