import { isValidAtIdentifier, isValidDid, isValidNsid, isValidRecordKey, isValidTid } from "@atproto/syntax";
import { Cid, InvalidDataError, isValidCidSyntax, jsonToRecord, type LexMap } from "@putrecord/repo";
import { InvalidRequestError } from "../xrpc/errors.js";

/** The lexicon's `maxLength` for record keys. */
export const MAX_RKEY_LENGTH = 512;

/** A JSON object from an XRPC body, read field by field with the reference's error messages. */
export type JsonObject = Record<string, unknown>;

/**
 * The offending value as error messages show it: primitives as JSON, objects and arrays by kind only,
 * since a body may nest them thousands deep and stringifying one would fail (or echo it all back).
 */
function got(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? "[]" : "array";
  if (value !== null && typeof value === "object") return "object";
  const text = String(JSON.stringify(value) ?? value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function fail(message: string, path: string): never {
  throw new InvalidRequestError(`${message} at ${path}`);
}

/** The value as an object, or 400 "Expected object value type". */
export function expectObject(value: unknown, path: string): JsonObject {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    fail(`Expected object value type (got ${got(value)})`, path);
  }
  return value as JsonObject;
}

function present(obj: JsonObject, key: string, path: string, required: boolean): unknown {
  const value = obj[key];
  if (value === undefined && required) fail(`Missing required key "${key}"`, path);
  return value;
}

const FORMATS: Record<StringFormat, { check: (s: string) => boolean; name: string }> = {
  "at-identifier": { check: (s) => isValidAtIdentifier(s), name: "AT identifier" },
  did: { check: (s) => isValidDid(s), name: "DID" },
  nsid: { check: (s) => isValidNsid(s), name: "NSID" },
  "record-key": { check: (s) => isValidRecordKey(s), name: "record key" },
  cid: { check: isValidCidSyntax, name: "CID string" },
  tid: { check: (s) => isValidTid(s), name: "TID string" },
};

/** The atproto string formats the checker knows, each with its syntax check. */
export type StringFormat = "at-identifier" | "did" | "nsid" | "record-key" | "cid" | "tid";

/** Reads an optional string field in a format; undefined when absent. */
export function optionalStringField(
  obj: JsonObject,
  key: string,
  format: StringFormat,
  path = "$",
): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  const at = `${path}.${key}`;
  if (typeof value !== "string") fail(`Expected string value type (got ${got(value)})`, at);
  const problem = formatProblem(value, format);
  if (problem !== undefined) fail(problem, at);
  return value;
}

/** Why a string is not in `format` (the reference's wording), or undefined when it is. */
export function formatProblem(value: string, format: StringFormat): string | undefined {
  if (format === "record-key" && value.length > MAX_RKEY_LENGTH) {
    return `string too big (maximum ${MAX_RKEY_LENGTH}, got ${value.length})`;
  }
  const { check, name } = FORMATS[format];
  return check(value) ? undefined : `Invalid ${name} (got ${got(value)})`;
}

/** Reads a required string field in a format. */
export function stringField(obj: JsonObject, key: string, format: StringFormat, path = "$"): string {
  present(obj, key, path, true);
  return optionalStringField(obj, key, format, path)!;
}

/** Reads an optional CID field, parsed (a syntactically plausible but undecodable CID is refused too). */
export function cidField(obj: JsonObject, key: string, path = "$"): Cid | undefined {
  const text = optionalStringField(obj, key, "cid", path);
  if (text === undefined) return undefined;
  return Cid.attemptParse(text) ?? fail(`Invalid CID string (got ${got(text)})`, `${path}.${key}`);
}

/** Reads a CID field that may be null (putRecord's swapRecord: null means "must not exist"). */
export function nullableCidField(obj: JsonObject, key: string, path = "$"): Cid | null | undefined {
  return obj[key] === null ? null : cidField(obj, key, path);
}

/** Reads an optional boolean field. */
export function booleanField(obj: JsonObject, key: string, path = "$"): boolean | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") fail(`Expected boolean value type (got ${got(value)})`, `${path}.${key}`);
  return value;
}

/** A record as read from a body: the core's data-model form, and the JSON (for lexicon validation). */
export interface RecordInput {
  record: LexMap;
  json: JsonObject;
}

/** Reads a record: an object of data-model values (no floats), converted to the core's form. */
export function recordField(obj: JsonObject, key: string, path = "$"): RecordInput {
  const at = `${path}.${key}`;
  const json = expectObject(present(obj, key, path, true), at);
  try {
    return { record: jsonToRecord(json, at), json };
  } catch (err) {
    if (!(err instanceof InvalidDataError)) throw err;
    throw new InvalidRequestError(`Invalid data-model value (${err.reason}) at ${err.path}`);
  }
}
