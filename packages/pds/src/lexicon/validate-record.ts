import { jsonToLex } from "@atproto/lexicon";
import { InvalidRecordError } from "../repo/errors.js";
import { lexicons, recordDef } from "./lexicons.js";
import { recordKeyProblem } from "./record-key.js";

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
  } catch (err) {
    throw new InvalidRecordError(`Invalid ${collection} record: ${(err as Error).message}`);
  }
  return "valid";
}
