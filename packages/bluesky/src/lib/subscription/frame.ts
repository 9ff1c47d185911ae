import { decode, decodeFirst, fromBytes } from "@atcute/cbor";
import { isPlainObject } from "../schema.js";
import { InvalidFrameError } from "./errors.js";

/** A decoded message, its `$type` filled from the frame header (`com.atproto.sync.subscribeRepos#commit`). */
export type StreamMessage = { $type: string; seq?: number; [key: string]: unknown };

/** What one binary WebSocket frame held. */
export type Frame =
  | { op: 1; message: StreamMessage }
  | { op: -1; error: string; message: string | undefined }
  /** A frame with an `op` this client does not know: the spec says to ignore it. */
  | { op: "unknown" };

/**
 * Decodes one frame of an event stream (the atproto event stream spec): a DAG-CBOR header
 * `{ op, t? }`, then the DAG-CBOR payload. `t` is `#name` for a type of the subscription's own lexicon,
 * or a full `nsid#name`. CID links decode as `{ $link }` and bytes as `{ $bytes }` objects, the same
 * forms JSON responses use (read the raw bytes with `bytesOf`). Throws InvalidFrameError for anything
 * malformed, which the spec makes a hard error.
 */
export function decodeFrame(data: Uint8Array, nsid: string): Frame {
  let header: unknown;
  let payload: unknown;
  try {
    const [first, rest] = decodeFirst(data);
    header = first;
    payload = decode(rest);
  } catch (error) {
    throw new InvalidFrameError(nsid, `not two DAG-CBOR values: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!isPlainObject(header) || !Number.isInteger(header.op)) {
    throw new InvalidFrameError(nsid, "header has no integer op");
  }
  if (header.op === -1) {
    if (!isPlainObject(payload) || typeof payload.error !== "string") {
      throw new InvalidFrameError(nsid, "error frame without an error name");
    }
    const message = typeof payload.message === "string" ? payload.message : undefined;
    return { op: -1, error: payload.error, message };
  }
  if (header.op !== 1) return { op: "unknown" };
  const t = header.t;
  if (typeof t !== "string" || t.length < 2)
    throw new InvalidFrameError(nsid, "message frame without a type");
  if (!isPlainObject(payload)) throw new InvalidFrameError(nsid, "message payload is not an object");
  return { op: 1, message: { ...payload, $type: t.startsWith("#") ? nsid + t : t } };
}

/** The raw bytes of a `{ $bytes }` value in a decoded message (a commit's `blocks` CAR), without base64. */
export function bytesOf(value: { $bytes: string }): Uint8Array {
  return fromBytes(value);
}
