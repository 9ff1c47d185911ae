import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import type { AppContext } from "../../../../context.js";
import type { PageLimits } from "../../../../sequencer/sequencer.js";
import type { UpgradeHandler } from "../../../../server.js";
import { FirehoseSocket } from "../../../firehose-socket.js";

/** What one replay step reads from the log: few events when they are large. */
export const REPLAY_PAGE: PageLimits = { maxEvents: 500, maxBytes: 1024 * 1024 };
/** Subscribers only listen; anything they send is dropped, and this bounds what a message may cost. */
const MAX_INCOMING_MESSAGE = 1024;
/** At shutdown, how long a subscriber has to answer the close frame before its socket is destroyed. */
export const CLOSE_GRACE_MS = 1000;

function parseCursor(url: string | undefined): number | undefined | null {
  const raw = new URL(url ?? "/", "http://x").searchParams.get("cursor");
  if (raw === null) return undefined;
  return /^\d+$/.test(raw) ? Number(raw) : null;
}

/**
 * Replays the log after the subscriber's last seq, one bounded page at a time, each frame paced by
 * the socket, up to the last published event; then goes live. Live events published during the
 * replay are ignored: the replay reads them from the log.
 */
async function serve(ctx: AppContext, sub: FirehoseSocket, replay: boolean): Promise<void> {
  const seq = ctx.sequencer;
  let live = false;
  const unsubscribe = seq.subscribe((events) => {
    if (live) sub.live(events);
  });
  sub.ws.once("close", unsubscribe);
  while (replay && sub.open) {
    const page = seq.page(sub.sent, { ...REPLAY_PAGE, upTo: seq.published });
    if (page.length === 0) break;
    await sub.replay(page);
    // A fast reader never makes the socket wait, so without this a long replay would be one macrotask.
    await new Promise((resolve) => setImmediate(resolve));
  }
  // Nothing awaited since the empty page: every event after `sent` is yet to be published.
  live = true;
}

/** Sets up one subscriber: checks its cursor (FutureCursor; OutdatedCursor past the window), then serves. */
async function start(ctx: AppContext, ws: WebSocket, raw: Duplex, url: string | undefined): Promise<void> {
  const { sequencer } = ctx;
  const socket = (sent: number) =>
    new FirehoseSocket(ws, raw, ctx.config.firehose.subscriptionBufferBytes, sent);
  const cursor = parseCursor(url);
  if (cursor === undefined) return serve(ctx, socket(sequencer.published), false);
  if (cursor === null) return socket(0).fail("InvalidRequest", "cursor must be an integer");
  if (cursor > sequencer.lastSeq()) return socket(0).fail("FutureCursor", "Cursor in the future.");
  const from = sequencer.retention.replayStart(cursor);
  const sub = socket(from.cursor ?? sequencer.published);
  if (from.outdated) sub.info("OutdatedCursor", "Requested cursor exceeded limit. Possibly missing events");
  return serve(ctx, sub, from.cursor !== undefined);
}

/**
 * Ends one socket at shutdown: a close frame (1001, going away), then destroyed if the subscriber has
 * not answered it within CLOSE_GRACE_MS (a stalled one never reads it); resolves once it is closed.
 */
function goAway(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
    ws.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
    ws.close(1001, "server shutting down");
  });
}

/** The upgrade handler for `com.atproto.sync.subscribeRepos`: at most `maxSubscribers` open at once. */
export function subscribeRepos(ctx: AppContext): UpgradeHandler {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_INCOMING_MESSAGE });
  const open = new Set<WebSocket>();
  const { maxSubscribers } = ctx.config.firehose;
  let closing = false;
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (closing) {
      socket.destroy();
      return;
    }
    if (open.size >= maxSubscribers) {
      const body = JSON.stringify({
        error: "NotEnoughResources",
        message: `This server streams to at most ${maxSubscribers} subscribers at once; retry later`,
      });
      socket.end(
        `HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nRetry-After: 30\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      open.add(ws);
      ws.once("close", () => open.delete(ws));
      ws.on("error", (err) => ctx.logger.debug({ err }, "subscribeRepos socket error"));
      start(ctx, ws, socket, req.url).catch((err) => {
        ctx.logger.error({ err }, "subscribeRepos failed");
        ws.terminate();
      });
    });
  };
  const close = async () => {
    closing = true;
    await Promise.all([...open].map(goAway));
  };
  return { upgrade, close };
}
