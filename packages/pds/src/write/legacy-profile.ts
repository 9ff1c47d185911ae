import { Cid, type LexMap } from "@putrecord/repo";
import type { BlobIndex } from "../blob/blob-index.js";
import type { JsonObject } from "../lexicon/input.js";

const PROFILE = "app.bsky.actor.profile";
const IMAGE_FIELDS = ["avatar", "banner"] as const;

/**
 * The reference's profile upgrade: an update of `app.bsky.actor.profile` whose avatar or banner is a
 * legacy `{cid, mimeType}` ref gets a typed blob ref instead, sized from the uploaded blob, so old
 * clients can keep editing their profile. Rewrites both forms of the record in place.
 */
export function upgradeLegacyProfileBlobs(
  blobs: BlobIndex,
  did: string,
  collection: string,
  record: LexMap,
  json: JsonObject,
  isUpdate: () => boolean,
): void {
  // The collection first: every put comes through here, and only a profile update pays the lookup.
  if (collection !== PROFILE || !isUpdate()) return;
  for (const field of IMAGE_FIELDS) {
    const ref = record[field];
    if (ref === null || typeof ref !== "object" || Array.isArray(ref) || ref instanceof Uint8Array) continue;
    if (Cid.is(ref) || "$type" in ref || typeof ref.cid !== "string" || typeof ref.mimeType !== "string")
      continue;
    const row = blobs.get(did, ref.cid);
    const cid = Cid.attemptParse(ref.cid);
    if (row === null || cid === null) continue;
    record[field] = { $type: "blob", ref: cid, mimeType: ref.mimeType, size: row.size };
    json[field] = { $type: "blob", ref: { $link: ref.cid }, mimeType: ref.mimeType, size: row.size };
  }
}
