import { Cid } from "@putrecord/repo";
import { InvalidRecordError } from "./errors.js";
import type { PreparedRecord } from "./prepare.js";

// How records to prepare and prepared records cross to and from a worker thread: plain data only
// (structured clone drops classes), CIDs as bytes, each block in an ArrayBuffer of its own (a view
// into a shared slab would be cloned whole).

/** A record to prepare, in its JSON form (the worker converts it again; the request's parse checked it). */
export interface RecordJob {
  collection: string;
  rkey: string;
  json: Record<string, unknown>;
  validate: boolean | undefined;
}

/** A prepared record as it crosses threads, or the expected error that refused it. */
export type RecordJobResult =
  | ({ cid: Uint8Array; bytes: Uint8Array } & Omit<PreparedRecord, "block">)
  | { invalid: string }
  | { failed: string };

/** One message to a worker: a request's records, and the id its answer carries. */
export interface JobMessage {
  id: number;
  jobs: RecordJob[];
}

/** A worker's answer to a JobMessage, in the jobs' order. */
export interface ResultMessage {
  id: number;
  results: RecordJobResult[];
}

/** A prepared record, or the error thrown preparing it, as a worker sends it. */
export function toWire(prepare: () => PreparedRecord): RecordJobResult {
  try {
    const { block, ...rest } = prepare();
    return { cid: block.cid.bytes.slice(), bytes: block.bytes.slice(), ...rest };
  } catch (err) {
    if (err instanceof InvalidRecordError) return { invalid: err.message };
    return { failed: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

/** A worker's result back as a prepared record; throws what the worker caught. */
export function fromWire(result: RecordJobResult): PreparedRecord {
  if ("invalid" in result) throw new InvalidRecordError(result.invalid);
  if ("failed" in result) throw new Error(`record preparation failed on a worker thread: ${result.failed}`);
  const { cid, bytes, ...rest } = result;
  return { block: { cid: Cid.decode(cid), bytes }, ...rest };
}
