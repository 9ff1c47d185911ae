import { CBOR, type Cid, type LexMap } from "@putrecord/repo";

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
  body: LexMap;
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

/** A firehose frame: DAG-CBOR header `{op: 1, t: "#<type>"}` then the body with seq and time. */
export function encodeFrame(evt: SeqEvent): Uint8Array {
  const header = CBOR.encode({ op: 1, t: `#${evt.type}` });
  const body = CBOR.encode({ ...evt.body, seq: evt.seq, time: evt.time });
  return concat(header, body);
}

/** An `#info` frame (no seq: it is not an event), e.g. `OutdatedCursor` before a replay. */
export function encodeInfoFrame(name: string, message: string): Uint8Array {
  return concat(CBOR.encode({ op: 1, t: "#info" }), CBOR.encode({ name, message }));
}

/** An error frame (`{op: -1}`), after which the server closes the stream. */
export function encodeErrorFrame(error: string, message: string): Uint8Array {
  return concat(CBOR.encode({ op: -1 }), CBOR.encode({ error, message }));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
