import { decodeFirst } from "@atcute/cbor";

/** One write of a commit, as the firehose lists it. */
export type CommitOp = { action: "create" | "update" | "delete"; path: string; cid: string | null };

/** A `#commit` event of subscribeRepos, reduced to what the live feed shows. */
export type CommitEvent = { seq: number; repo: string; rev: string; time: string; ops: CommitOp[] };

/** A decoded frame: a commit, an error frame, or another event type the feed ignores. */
export type Frame =
  | { kind: "commit"; commit: CommitEvent }
  | { kind: "error"; error: string; message: string }
  | { kind: "other"; type: string };

/** The bytes are not a subscribeRepos frame; `reason` says what was wrong. */
export class FrameDecodeError extends Error {
  override readonly name = "FrameDecodeError";
  constructor(readonly reason: string) {
    super(`invalid firehose frame; reason=${reason}`);
  }
}

type Header = { op?: number; t?: string };
type RawOp = { action: CommitOp["action"]; path: string; cid: { $link: string } | null };

/** Decodes one WebSocket message: a DAG-CBOR header `{op, t}` followed by a DAG-CBOR body. */
export function decodeFrame(bytes: Uint8Array): Frame {
  let header: Header;
  let body: Record<string, unknown>;
  try {
    const [first, rest] = decodeFirst(bytes);
    header = first as Header;
    [body] = decodeFirst(rest);
  } catch (err) {
    throw new FrameDecodeError((err as Error).message);
  }
  if (header.op === -1) {
    return { kind: "error", error: String(body.error), message: String(body.message ?? "") };
  }
  if (header.op !== 1 || typeof header.t !== "string") throw new FrameDecodeError("bad header");
  if (header.t !== "#commit") return { kind: "other", type: header.t };
  const ops = (body.ops as RawOp[]).map((op) => ({
    action: op.action,
    path: op.path,
    cid: op.cid ? op.cid.$link : null,
  }));
  const commit = { seq: Number(body.seq), repo: String(body.repo), rev: String(body.rev), ops };
  return { kind: "commit", commit: { ...commit, time: String(body.time) } };
}

/** The firehose URL of the PDS this page was served from. */
export function firehoseUrl(location: Location, cursor?: number): string {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const query = cursor === undefined ? "" : `?cursor=${cursor}`;
  return `${scheme}://${location.host}/xrpc/com.atproto.sync.subscribeRepos${query}`;
}
