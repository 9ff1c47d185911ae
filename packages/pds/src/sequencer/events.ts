import { CBOR, type Cid, type LexMap } from "@putrecord/repo";
import { spliceMap } from "./splice.js";

/** The firehose message kinds this PDS emits (`#info` is only ever a live frame). */
export type EventType = "commit" | "identity" | "account" | "sync";

/** One op of a `#commit`: `prev` is absent on creates, present on updates and deletes. */
export interface RepoOp {
  action: "create" | "update" | "delete";
  path: string;
  cid: Cid | null;
  prev?: Cid;
}

/** The fields of a `#commit` body that the commit determines (seq and time are added on stream). */
export interface CommitEvent {
  repo: string;
  commit: Cid;
  rev: string;
  since: string | null;
  /** CAR v1 of newBlocks ∪ relevantBlocks, the commit as its first root. */
  blocks: Uint8Array;
  ops: RepoOp[];
  prevData: Cid | null;
}

/** A sequenced event as stored: its type, seq, time and body without seq/time. */
export interface SeqEvent {
  seq: number;
  did: string;
  type: EventType;
  time: string;
  /** The body as stored (DAG-CBOR): frames are made from it without decoding. */
  bytes: Uint8Array;
  /** The body decoded (on first use). */
  readonly body: LexMap;
}

/** The stored body of a `#commit` (the deprecated fields fixed as the spec says). */
export function commitBody(evt: CommitEvent): LexMap {
  const ops = evt.ops.map((op) => {
    const out: LexMap = { action: op.action, path: op.path, cid: op.cid };
    if (op.prev !== undefined) out.prev = op.prev;
    return out;
  });
  const body: LexMap = {
    repo: evt.repo,
    commit: evt.commit,
    rev: evt.rev,
    since: evt.since,
    blocks: evt.blocks,
    ops,
    rebase: false,
    tooBig: false,
    blobs: [],
  };
  if (evt.prevData !== null) body.prevData = evt.prevData;
  return body;
}

const EVENT_HEADERS = new Map(
  (["commit", "identity", "account", "sync"] as const).map((t) => [t, CBOR.encode({ op: 1, t: `#${t}` })]),
);

const SEQ_KEY = CBOR.encode("seq");
const TIME_KEY = CBOR.encode("time");

/** A firehose frame: DAG-CBOR header `{op: 1, t: "#<type>"}` then the body with seq and time. */
export function encodeFrame(evt: SeqEvent): Uint8Array {
  return spliceMap(EVENT_HEADERS.get(evt.type)!, evt.bytes, [
    { key: SEQ_KEY, value: CBOR.encode(evt.seq) },
    { key: TIME_KEY, value: CBOR.encode(evt.time) },
  ]);
}

/** An `#info` frame (no seq: it is not an event), e.g. `OutdatedCursor` before a replay. */
export function encodeInfoFrame(name: string, message: string): Uint8Array {
  return concat(CBOR.encode({ op: 1, t: "#info" }), CBOR.encode({ name, message }));
}

/** An error frame (`{op: -1}`), after which the server closes the stream. */
export function encodeErrorFrame(error: string, message: string): Uint8Array {
  return concat(CBOR.encode({ op: -1 }), CBOR.encode({ error, message }));
}

/** A frame read back: its header and body (the inverse of the encoders above, for subscribers). */
export interface DecodedFrame {
  header: { op: number; t?: string };
  body: LexMap;
}

const KNOWN_HEADERS = [
  ...["#commit", "#identity", "#account", "#sync", "#info"].map((t) => ({ op: 1, t })),
  { op: -1 },
].map((header) => ({ header, bytes: CBOR.encode(header) }));

/** Splits a frame this server sends into header and body; throws on any other header. */
export function decodeFrame(frame: Uint8Array): DecodedFrame {
  for (const { header, bytes } of KNOWN_HEADERS) {
    if (frame.length > bytes.length && bytes.every((b, i) => frame[i] === b)) {
      return { header, body: CBOR.decode(frame.subarray(bytes.length)) as LexMap };
    }
  }
  throw new Error("unknown firehose frame header");
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
