import { JetStreamApiError, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { headers } from "@nats-io/nats-core";
import { decodeFrame } from "@putrecord/pds/sequencer/events.js";
import type { Logger } from "pino";
import { WebSocket } from "ws";
import type { Cell } from "../directory/cells.js";
import type { CopiedEvents } from "./copied.js";
import { CELL_SEQ_HEADER, cellSubject, MAX_FRAME_BYTES, STREAM } from "./stream.js";

/** Waits before reconnecting to a cell or NATS, doubling to the cap. */
export const RECONNECT_MS = { first: 250, max: 5_000 };
/** Frames read ahead of publishing before the cell's socket is paused. */
export const MAX_PENDING_FRAMES = 1_000;

/** Where a cell's events stand in the stream: the cell's last seq stored, and the stream seq of it. */
interface Cursor {
  cellSeq: number;
  streamSeq: number;
}

/**
 * Copies one cell's subscribeRepos into the stream, exactly once and in order (docs/decisions.md):
 * the cursor is read back from the stream itself (the last message on the cell's subject), frames are
 * published one at a time, each with `expect last subject sequence` (a second fan-in, or a publish
 * whose ack was lost, is refused instead of doubling or reordering) and a message id (dropped as a
 * duplicate within the window). After any failure it starts over from the stream's cursor.
 */
export class CellFanIn {
  #stopped = false;
  #ws: WebSocket | undefined;
  readonly done: Promise<void>;

  constructor(
    readonly cell: Cell,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly logger: Logger,
    readonly copied: CopiedEvents,
  ) {
    this.done = this.#run();
  }

  /** Stops after the frame being published. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#ws?.terminate();
    await this.done;
  }

  async #run(): Promise<void> {
    let wait = RECONNECT_MS.first;
    while (!this.#stopped) {
      try {
        const cursor = await this.#cursor();
        await this.#follow(cursor, () => {
          wait = RECONNECT_MS.first;
        });
      } catch (err) {
        if (!this.#stopped)
          this.logger.warn({ err, cell: this.cell.id }, "firehose fan-in interrupted; resuming");
      }
      if (this.#stopped) return;
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, RECONNECT_MS.max);
    }
  }

  async #cursor(): Promise<Cursor> {
    const last = await this.jsm.streams
      .getMessage(STREAM, { last_by_subj: cellSubject(this.cell.id) })
      .catch((err) => {
        if (err instanceof JetStreamApiError && err.code === 10037) return null; // no message on the subject yet
        throw err;
      });
    if (!last) return { cellSeq: 0, streamSeq: 0 };
    return { cellSeq: Number(last.header.get(CELL_SEQ_HEADER)), streamSeq: last.seq };
  }

  /** Streams the cell's events after `cursor` into the stream until the socket or a publish fails. */
  #follow(cursor: Cursor, onOpen: () => void): Promise<void> {
    const url = `${this.cell.url.replace(/^http/, "ws")}/xrpc/com.atproto.sync.subscribeRepos?cursor=${cursor.cellSeq}`;
    const ws = new WebSocket(url, { maxPayload: MAX_FRAME_BYTES });
    this.#ws = ws;
    const pending: Uint8Array[] = [];
    let publishing = false;
    return new Promise<void>((_resolve, reject) => {
      const fail = (err: Error) => {
        ws.terminate();
        reject(err);
      };
      const drain = async () => {
        if (publishing) return;
        publishing = true;
        try {
          while (pending.length > 0) {
            const frame = pending.shift()!;
            if (pending.length < MAX_PENDING_FRAMES / 2) ws.resume();
            cursor = await this.#publish(frame, cursor);
          }
        } catch (err) {
          fail(err as Error);
        } finally {
          publishing = false;
        }
      };
      ws.on("open", onOpen);
      ws.on("message", (data: Buffer) => {
        pending.push(new Uint8Array(data));
        if (pending.length >= MAX_PENDING_FRAMES) ws.pause();
        void drain();
      });
      ws.on("error", fail);
      ws.on("close", () => reject(new Error(`cell ${this.cell.id} closed its firehose`)));
    });
  }

  async #publish(frame: Uint8Array, cursor: Cursor): Promise<Cursor> {
    const { header, body } = decodeFrame(frame);
    if (header.op === -1) throw new Error(`cell ${this.cell.id} firehose error: ${String(body.error)}`);
    if (header.t === "#info") {
      this.logger.warn(
        { cell: this.cell.id, info: body },
        "cell firehose info (events before it may be missing)",
      );
      return cursor;
    }
    const seq = body.seq as number;
    if (seq <= cursor.cellSeq) return cursor; // already in the stream
    const h = headers();
    h.set(CELL_SEQ_HEADER, String(seq));
    const ack = await this.js.publish(cellSubject(this.cell.id), frame, {
      msgID: `${this.cell.id}-${seq}`,
      headers: h,
      expect: { lastSubjectSequence: cursor.streamSeq },
    });
    if ((header.t === "#commit" || header.t === "#sync") && typeof body.rev === "string")
      this.copied.copied(this.cell.id, (body.repo ?? body.did) as string, body.rev);
    return { cellSeq: seq, streamSeq: ack.seq };
  }
}
