// Opt-in record integrity check. It lives in its own entry point so apps that never verify CIDs do not
// ship the DAG-CBOR codec: `import { repoPutRecordVerified } from "bluesky/integrity.js"`.
import { encode } from "@atcute/cbor";
import { CODEC_DCBOR, toString as cidToString, create } from "@atcute/cid";
import type { BlueskyCore } from "./core.js";
import { repoCreateRecord } from "./funcs/repoCreateRecord.js";
import { repoGetRecord } from "./funcs/repoGetRecord.js";
import { repoPutRecord } from "./funcs/repoPutRecord.js";
import type { RequestOptions } from "./lib/sdks.js";
import { ERR, type Result } from "./types/fp.js";

/** The server answered with a CID that is not the hash of the record; `computed` is what the record hashes to. */
export class RecordCidMismatchError extends Error {
  override readonly name = "RecordCidMismatchError";
  constructor(
    readonly received: string,
    readonly computed: string,
    readonly uri: string | undefined,
  ) {
    super(`record cid mismatch; received=${received} computed=${computed}` + (uri ? ` uri=${uri}` : ""));
  }
}

/** The record is not valid atproto data (a float, a malformed `$link`, `$bytes` or blob), so it has no CID. */
export class RecordEncodingError extends Error {
  override readonly name = "RecordEncodingError";
  constructor(
    readonly record: unknown,
    readonly reason: string,
  ) {
    super(`record is not valid atproto data; reason=${reason}`);
  }
}

/** Every way the check itself can fail. */
export type IntegrityError = RecordCidMismatchError | RecordEncodingError;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/**
 * The first data-model rule `value` breaks, or null. The CBOR encoder is lenient (it writes floats, and a
 * `$link` with extra keys as a plain map); the data model is not, and a CID of invalid data is meaningless.
 */
function dataModelIssue(value: unknown, path: string): string | null {
  if (typeof value === "number") return Number.isInteger(value) ? null : `${path} is a float`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const issue = dataModelIssue(value[i], `${path}[${i}]`);
      if (issue) return issue;
    }
    return null;
  }
  if (!isObject(value)) return null;
  const keys = Object.keys(value);
  for (const special of ["$link", "$bytes"]) {
    if (special in value && (keys.length !== 1 || typeof value[special] !== "string")) {
      return `${path}.${special} must be a string and the only key`;
    }
  }
  if ("$type" in value && (typeof value.$type !== "string" || value.$type === "")) {
    return `${path}.$type must be a non-empty string`;
  }
  if (value.$type === "blob") {
    const { ref, mimeType, size } = value;
    if (!isObject(ref) || typeof mimeType !== "string" || !Number.isInteger(size)) {
      return `${path} is a blob without ref, mimeType and integer size`;
    }
  }
  for (const key of keys) {
    const issue = dataModelIssue(value[key], `${path}.${key}`);
    if (issue) return issue;
  }
  return null;
}

/** CID of a record in its JSON form: DAG-CBOR (`$link`, `$bytes` and blob refs as typed values), sha-256, CIDv1, base32. */
export async function recordCid(record: unknown): Promise<string> {
  const issue =
    isObject(record) && !Array.isArray(record) ? dataModelIssue(record, "record") : "record is not an object";
  if (issue) throw new RecordEncodingError(record, issue);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = encode(record);
  } catch (cause) {
    // e.g. a `$link` that is not a CID, or a value JSON cannot hold (undefined, a function).
    throw new RecordEncodingError(record, cause instanceof Error ? cause.message : String(cause));
  }
  return cidToString(await create(CODEC_DCBOR, bytes));
}

/** The record's CID, or the RecordEncodingError saying why it has none. */
async function attemptRecordCid(record: unknown): Promise<string | RecordEncodingError> {
  try {
    return await recordCid(record);
  } catch (err) {
    if (err instanceof RecordEncodingError) return err;
    throw err;
  }
}

/** Compares a record with the CID a server gave for it; returns the error to report, or null when they agree. */
export async function checkRecordCid(
  record: unknown,
  received: string,
  uri?: string,
): Promise<IntegrityError | null> {
  const computed = await attemptRecordCid(record);
  if (computed instanceof RecordEncodingError) return computed;
  return computed === received ? null : new RecordCidMismatchError(received, computed, uri);
}

type Call<Req, Res, E> = (
  client: BlueskyCore,
  request: Req,
  options?: RequestOptions,
) => Promise<Result<Res, E>>;

/**
 * Wraps a write (putRecord, createRecord) so its result stands only if the returned `cid` is the CID of
 * the record sent. The CID is computed first: a record that has none is refused before anything is sent.
 */
export function verifyWrite<Req extends { record: unknown }, Res extends { cid: string; uri?: string }, E>(
  fn: Call<Req, Res, E>,
): Call<Req, Res, E | IntegrityError> {
  return async (client, request, options) => {
    const computed = await attemptRecordCid(request.record);
    if (computed instanceof RecordEncodingError) return ERR(computed);
    const result = await fn(client, request, options);
    if (!result.ok || result.value.cid === computed) return result;
    return ERR(new RecordCidMismatchError(result.value.cid, computed, result.value.uri));
  };
}

/** Wraps a read (getRecord) so its result stands only if `value` hashes to the `cid` returned with it. */
export function verifyRead<Req, Res extends { cid?: string; uri?: string; value: unknown }, E>(
  fn: Call<Req, Res, E>,
): Call<Req, Res, E | IntegrityError> {
  return async (client, request, options) => {
    const result = await fn(client, request, options);
    // Without a cid there is nothing to compare against; the lexicon makes it optional.
    if (!result.ok || result.value.cid === undefined) return result;
    const failure = await checkRecordCid(result.value.value, result.value.cid, result.value.uri);
    return failure ? ERR(failure) : result;
  };
}

/** `repoPutRecord` that refuses a response whose `cid` is not the CID of the record sent. */
export const repoPutRecordVerified = /* @__PURE__ */ verifyWrite(repoPutRecord);

/** `repoCreateRecord` that refuses a response whose `cid` is not the CID of the record sent. */
export const repoCreateRecordVerified = /* @__PURE__ */ verifyWrite(repoCreateRecord);

/** `repoGetRecord` that refuses a record whose `value` does not hash to the `cid` returned with it. */
export const repoGetRecordVerified = /* @__PURE__ */ verifyRead(repoGetRecord);
