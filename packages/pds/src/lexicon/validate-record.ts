import { jsonToLex } from "@atproto/lexicon";
import { isValidDatetime } from "@atproto/syntax";
import { InvalidRecordError } from "../write/errors.js";
import { lexicons, recordDef } from "./lexicons.js";
import { recordKeyProblem } from "./record-key.js";
import { type LeafVisitor, walkRecord } from "./schema-walk.js";

/** The outcome reported to clients: omitted when the caller opted out of validation. */
export type ValidationStatus = "valid" | "unknown" | undefined;

/**
 * Validates a record (its JSON form, `$type` already set) as pds-anchor §2.4c: `validate:false`
 * skips, an unknown type is an error only when `validate:true`, a known type checks the rkey's key
 * type and then the schema. Throws InvalidRecordError.
 */
export function validateRecord(
  collection: string,
  rkey: string,
  json: Record<string, unknown>,
  validate: boolean | undefined,
): ValidationStatus {
  if (validate === false) return undefined;
  const def = recordDef(collection);
  if (def === null) {
    if (validate === true) throw new InvalidRecordError(`Unknown lexicon type: ${collection}`);
    return "unknown";
  }
  const keyProblem = recordKeyProblem(def.key, rkey);
  if (keyProblem !== null) {
    throw new InvalidRecordError(`Invalid record key for ${collection}: ${keyProblem} at $`);
  }
  try {
    lexicons().assertValidRecord(collection, jsonToLex(json as never));
    walkRecord(collection, json, "$.record", strictLeafChecks);
  } catch (err) {
    throw new InvalidRecordError(`Invalid ${collection} record: ${(err as Error).message}`);
  }
  return "valid";
}

/** A value the lexicon library lets through but the reference's validator refuses. */
class LeafError extends Error {}

/**
 * What @atproto/lexicon does not check and the reference does: datetimes in the strict atproto
 * syntax (a timezone, no hour 24, no `-00:00`), and blob refs against their field's `accept` and
 * `maxSize` (from the ref's declared type and size; the upload must match those, checked later).
 */
const strictLeafChecks: LeafVisitor = (def, value, path) => {
  if (def.type === "string") {
    if (def.format === "datetime" && typeof value === "string" && !isValidDatetime(value)) {
      throw new LeafError(`Invalid datetime (got ${JSON.stringify(value)}) at ${path}`);
    }
    return;
  }
  const blob = value as { mimeType?: unknown; size?: unknown };
  const maxSize = def.maxSize as number | undefined;
  if (maxSize !== undefined && typeof blob.size === "number" && blob.size > maxSize) {
    throw new LeafError(`blob too big (maximum ${maxSize}, got ${blob.size}) at ${path}`);
  }
  const accept = def.accept as string[] | undefined;
  if (accept !== undefined && typeof blob.mimeType === "string" && !acceptsMimeType(accept, blob.mimeType)) {
    const allowed = accept.map((a) => JSON.stringify(a)).join(" or ");
    throw new LeafError(
      `Expected one of ${allowed} (got ${JSON.stringify(blob.mimeType)}) at ${path}.mimeType`,
    );
  }
};

/** True when `mimeType` matches one of the patterns (`image/png`, `image/*`, `*\/*`). */
function acceptsMimeType(accept: string[], mimeType: string): boolean {
  return accept.some(
    (p) => p === "*/*" || p === mimeType || (p.endsWith("/*") && mimeType.startsWith(p.slice(0, -1))),
  );
}
