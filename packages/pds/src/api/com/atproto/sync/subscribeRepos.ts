import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import type { AppContext } from "../../../../context.js";
import { encodeErrorFrame, type SeqEvent } from "../../../../sequencer/events.js";
import { frameOf } from "../../../../sequencer/frames.js";
import type { UpgradeHandler } from "../../../../server.js";

/** Events read from the log per page while replaying a cursor. */
export const REPLAY_PAGE = 500;
/** A subscriber this far behind (bytes queued) is dropped with ConsumerTooSlow. */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

function sendError(ws: WebSocket, error: string, message: string): void {
  ws.send(encodeErrorFrame(error, message), () => ws.close(1000));
}

function parseCursor(url: string | undefined): number | undefined | null {
  const raw = new URL(url ?? "/", "http://x").searchParams.get("cursor");
  if (raw === null) return undefined;
  return /^\d+$/.test(raw) ? Number(raw) : null;
}

/**
 * Streams the firehose: with a cursor, replays the log after it and then goes live without a gap
 * (live events arriving during replay are queued and de-duplicated by seq); a cursor past the head
 * gets a FutureCursor error frame.
 */
async function serve(ctx: AppContext, ws: WebSocket, cursor: number | undefined): Promise<void> {
  const seq = ctx.sequencer;
  let sent = cursor ?? seq.lastSeq();
  let replaying = cursor !== undefined;
  const queued: SeqEvent[] = [];
  const send = (events: SeqEvent[]): void => {
    for (const evt of events) {
      if (evt.seq <= sent || ws.readyState !== WebSocket.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        sendError(ws, "ConsumerTooSlow", "Stream consumer too slow");
        return;
      }
      ws.send(frameOf(evt));
      sent = evt.seq;
    }
  };
  const unsubscribe = seq.subscribe((events) => (replaying ? queued.push(...events) : send(events)));
  ws.on("close", unsubscribe);
  ws.on("error", unsubscribe);
  if (!replaying) return;
  for (;;) {
    const page = seq.after(sent, REPLAY_PAGE);
    if (page.length === 0 || ws.readyState !== WebSocket.OPEN) break;
    send(page);
    // Let the socket drain between pages so a long replay never sits in memory whole.
    while (ws.bufferedAmount > REPLAY_PAGE * 1024 && ws.readyState === WebSocket.OPEN) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  replaying = false;
  send(queued.splice(0));
}

/** The upgrade handler for `com.atproto.sync.subscribeRepos`. */
export function subscribeRepos(ctx: AppContext): UpgradeHandler {
  const wss = new WebSocketServer({ noServer: true });
  return (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      const cursor = parseCursor(req.url);
      if (cursor === null) return sendError(ws, "InvalidRequest", "cursor must be an integer");
      if (cursor !== undefined && cursor > ctx.sequencer.lastSeq()) {
        return sendError(ws, "FutureCursor", "Cursor in the future.");
      }
      serve(ctx, ws, cursor).catch((err) => {
        ctx.logger.error({ err }, "subscribeRepos failed");
        ws.terminate();
      });
    });
  };
}
