import { WebSocket } from "ws";
import { encodeErrorFrame, encodeFrame, encodeInfoFrame, type SeqEvent } from "../sequencer/events.js";
import { frameOf } from "../sequencer/frames.js";

/** While replaying, sending stops once the socket holds this much and resumes when it has drained. */
export const REPLAY_HIGH_WATER = 1024 * 1024;

/**
 * One subscriber's WebSocket and the last seq sent to it. Replay is paced by the socket: a subscriber
 * that reads slowly replays slowly, and holds at most the high-water mark plus one frame. Live events
 * are pushed as they are published (shared frames, encoded once); a subscriber with more than
 * `maxBufferBytes` still queued is dropped with `ConsumerTooSlow`.
 */
export class FirehoseSocket {
  #sent: number;
  readonly #closed: Promise<void>;

  constructor(
    readonly ws: WebSocket,
    readonly maxBufferBytes: number,
    sent: number,
  ) {
    this.#sent = sent;
    this.#closed = new Promise((resolve) => ws.once("close", () => resolve()));
  }

  /** The seq of the last event sent (events at or below it are never sent again). */
  get sent(): number {
    return this.#sent;
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends a replayed event; resolves once the socket is below the high-water mark (or closed). */
  async replay(evt: SeqEvent): Promise<void> {
    if (!this.#due(evt)) return;
    const written = new Promise<void>((resolve) => this.ws.send(encodeFrame(evt), () => resolve()));
    this.#sent = evt.seq;
    if (this.ws.bufferedAmount > REPLAY_HIGH_WATER) await Promise.race([written, this.#closed]);
  }

  /** Sends published events, or drops a subscriber that has fallen too far behind. */
  live(events: SeqEvent[]): void {
    for (const evt of events) {
      if (!this.#due(evt)) continue;
      if (this.ws.bufferedAmount > this.maxBufferBytes) {
        this.fail("ConsumerTooSlow", "Stream consumer too slow");
        return;
      }
      this.ws.send(frameOf(evt));
      this.#sent = evt.seq;
    }
  }

  /** Sends an `#info` frame. */
  info(name: string, message: string): void {
    if (this.open) this.ws.send(encodeInfoFrame(name, message));
  }

  /** Ends the stream as the reference does: an error frame, then close 1008 with the error's name. */
  fail(error: string, message: string): void {
    if (!this.open) return;
    this.ws.send(encodeErrorFrame(error, message));
    this.ws.close(1008, error);
  }

  #due(evt: SeqEvent): boolean {
    return this.open && evt.seq > this.#sent;
  }
}
