import { Cid } from "@putrecord/repo";
import type { BlobIndex } from "../blob/blob-index.js";
import type { RecordInput } from "./types.js";

const PROFILE = "app.bsky.actor.profile";
const IMAGE_FIELDS = ["avatar", "banner"] as const;

/**
 * The reference's profile upgrade: an update of `app.bsky.actor.profile` whose avatar or banner is a
 * legacy `{cid, mimeType}` ref gets a typed blob ref instead, sized from the uploaded blob, so old
 * clients can keep editing their profile. Returns the record with the refs replaced (both forms), or
 * the input itself when there is nothing to upgrade.
 */
export function upgradeLegacyProfileBlobs(
  blobs: BlobIndex,
  did: string,
  collection: string,
  input: RecordInput,
  isUpdate: () => boolean,
): RecordInput {
  // The collection first: every put comes through here, and only a profile update pays the lookup.
  if (collection !== PROFILE || !isUpdate()) return input;
  let { record, json } = input;
  for (const field of IMAGE_FIELDS) {
    const ref = record[field];
    if (ref === null || typeof ref !== "object" || Array.isArray(ref) || ref instanceof Uint8Array) continue;
    if (Cid.is(ref) || "$type" in ref || typeof ref.cid !== "string" || typeof ref.mimeType !== "string")
      continue;
    const row = blobs.get(did, ref.cid);
    const cid = Cid.attemptParse(ref.cid);
    if (row === null || cid === null) continue;
    const { mimeType } = ref;
    record = { ...record, [field]: { $type: "blob", ref: cid, mimeType, size: row.size } };
    json = { ...json, [field]: { $type: "blob", ref: { $link: ref.cid }, mimeType, size: row.size } };
  }
  return { record, json };
}
