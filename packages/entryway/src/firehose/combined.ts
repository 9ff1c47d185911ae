import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { DeliverPolicy, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { decodeFrame, encodeErrorFrame, encodeInfoFrame } from "@putrecord/pds/sequencer/events.js";
import type { UpgradeHandler } from "@putrecord/pds/server.js";
import { CBOR, type LexMap } from "@putrecord/repo";
import type { Logger } from "pino";
import { type WebSocket, WebSocketServer } from "ws";
import { STREAM } from "./stream.js";

/** A subscriber's socket may hold this much before reading from the stream waits for it to drain. */
export const HIGH_WATER_BYTES = 1024 * 1024;

/**
 * A cell's frame with its seq replaced by the stream's: consumers of the combined firehose see one
 * gap-free sequence over every cell, and reconnect with it as their cursor.
 */
export function restamp(frame: Uint8Array, seq: number): Uint8Array {
  const { header, body } = decodeFrame(frame);
  const head = CBOR.encode(header as unknown as LexMap);
  const tail = CBOR.encode({ ...body, seq });
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}

/**
 * `com.atproto.sync.subscribeRepos` on the entryway: every cell's events from the stream, each with its
 * stream seq. A cursor replays from the stream (FutureCursor past its end, OutdatedCursor before its
 * start); no cursor starts live. Reading is paced by the socket, so a slow subscriber only waits.
 */
export function combinedSubscribeRepos(
  js: JetStreamClient,
  jsm: JetStreamManager,
  opts: { maxSubscribers: number; logger: Logger },
): { upgrade: UpgradeHandler; close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  const open = new Set<WebSocket>();
  const close = () => {
    for (const ws of open) ws.terminate();
  };
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (open.size >= opts.maxSubscribers) {
      socket.end("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 30\r\nConnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      open.add(ws);
      ws.once("close", () => open.delete(ws));
      ws.on("error", () => {});
      serve(js, jsm, ws, req.url).catch((err) => {
        opts.logger.error({ err }, "combined subscribeRepos failed");
        ws.terminate();
      });
    });
  };
  return { upgrade, close };
}

async function serve(
  js: JetStreamClient,
  jsm: JetStreamManager,
  ws: WebSocket,
  url: string | undefined,
): Promise<void> {
  const raw = new URL(url ?? "/", "http://x").searchParams.get("cursor");
  const fail = (error: string, message: string) => {
    ws.send(encodeErrorFrame(error, message));
    ws.close(1008, error);
  };
  const { state } = await jsm.streams.info(STREAM);
  let start: { deliver_policy: DeliverPolicy; opt_start_seq?: number } = {
    deliver_policy: DeliverPolicy.New,
  };
  if (raw !== null) {
    if (!/^\d+$/.test(raw)) return fail("InvalidRequest", "cursor must be an integer");
    const cursor = Number(raw);
    if (cursor > state.last_seq) return fail("FutureCursor", "Cursor in the future.");
    if (cursor + 1 < state.first_seq) {
      ws.send(encodeInfoFrame("OutdatedCursor", "Requested cursor exceeded limit. Possibly missing events"));
    }
    start = {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: Math.max(cursor + 1, state.first_seq, 1),
    };
  }
  const consumer = await js.consumers.get(STREAM, start);
  const messages = await consumer.consume({ max_messages: 256 });
  ws.once("close", () => void messages.close());
  for await (const msg of messages) {
    if (ws.readyState !== ws.OPEN) break;
    ws.send(restamp(msg.data, msg.seq));
    while (ws.bufferedAmount > HIGH_WATER_BYTES && ws.readyState === ws.OPEN) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
