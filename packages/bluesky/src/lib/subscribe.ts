// Event-stream subscriptions (com.atproto.sync.subscribeRepos, com.atproto.label.subscribeLabels, ...):
// an async iterable of decoded messages over a WebSocket, resuming from the last seq after a reconnect.
import { loadWebSocket } from "#websocket";
import { RequestAbortedError } from "../models/errors/httpclienterrors.js";
import { sleep } from "./client-errors.js";
import { baseURLOf } from "./config.js";
import { queryString } from "./request.js";
import { type BackoffStrategy, backoffDelay } from "./retries.js";
import type { ClientSDK } from "./sdks.js";
import { openConnection } from "./subscription/connection.js";
import { SubscriptionConnectionError, streamError } from "./subscription/errors.js";
import { decodeFrame, type StreamMessage } from "./subscription/frame.js";
import type { WebSocketClass } from "./subscription/websocket-web.js";

export * from "./subscription/errors.js";
export { bytesOf, type StreamMessage } from "./subscription/frame.js";

/** How a dropped subscription reconnects: exponential backoff with jitter, capped; all in milliseconds. */
export type ReconnectOptions = {
  /** First wait; default 1000. */
  initialDelayMs?: number;
  /** Longest wait; default 30000. */
  maxDelayMs?: number;
  /** Connections in a row that may end without a message before the iteration fails; default 10. */
  maxAttempts?: number;
};

/** Options of `subscribe`. */
export type SubscribeOptions = {
  /** Where to start: the `seq` after which messages are wanted (`0` replays the server's window); wins over `params.cursor`. */
  cursor?: number;
  /** Base URL (`wss://bsky.network`, `https://pds.example`); default the session's PDS, else the client's server. */
  serverURL?: string;
  /** Closes the socket and ends the iteration with RequestAbortedError. */
  signal?: AbortSignal;
  /** Reconnect settings, or `false` to end the iteration when the server closes the stream. */
  reconnect?: ReconnectOptions | false;
  /** Bytes of received, unread messages allowed before SubscriptionOverflowError; default 64 MiB. */
  maxBufferedBytes?: number;
  /** A WebSocket class to use instead of the runtime's (or `ws` on Node 20). */
  WebSocket?: WebSocketClass;
};

/** Unread bytes allowed by default: as much as the reference PDS lets a subscriber fall behind. */
export const DEFAULT_MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
const DEFAULT_RECONNECT = { initialDelayMs: 1_000, maxDelayMs: 30_000, maxAttempts: 10 };

/** The ws:// or wss:// URL of a subscription. */
function streamURL(base: string, id: string, params: Record<string, unknown>): string {
  const url = new URL(`xrpc/${id}${queryString(params)}`, base);
  if (url.protocol === "http:") url.protocol = "ws:";
  if (url.protocol === "https:") url.protocol = "wss:";
  return url.href;
}

/**
 * Subscribes to an event stream and yields its messages, each with `$type` set from the frame
 * (`com.atproto.sync.subscribeRepos#commit`). When the connection drops, it reconnects with
 * exponential backoff and the cursor set to the last `seq` it yielded, so no message is lost or
 * repeated (a repeated or older `seq` is skipped). An error frame ends the iteration with its typed
 * error (FutureCursorError, ConsumerTooSlowError, or XRPCStreamError); `break` and the abort signal
 * close the socket.
 */
export async function* subscribe<M>(
  client: ClientSDK,
  id: string,
  params: Record<string, unknown>,
  options: SubscribeOptions = {},
): AsyncGenerator<M, void, undefined> {
  const { signal } = options;
  const base = options.serverURL
    ? baseURLOf(options.serverURL)
    : (client._session?.serviceURL ?? client._baseURL);
  const reconnect = options.reconnect === false ? undefined : { ...DEFAULT_RECONNECT, ...options.reconnect };
  const backoff: BackoffStrategy = {
    initialInterval: reconnect?.initialDelayMs ?? 0,
    maxInterval: reconnect?.maxDelayMs ?? 0,
    exponent: 2,
    maxElapsedTime: Infinity,
  };
  const maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  const WebSocketImpl = options.WebSocket ?? (await loadWebSocket());
  let cursor = options.cursor ?? (typeof params.cursor === "number" ? params.cursor : undefined);
  let fruitless = 0;
  for (;;) {
    if (signal?.aborted)
      throw new RequestAbortedError("Subscription aborted by client", { cause: signal.reason });
    const url = streamURL(base, id, cursor === undefined ? params : { ...params, cursor });
    const connection = await openConnection(WebSocketImpl, url, id, maxBuffered, signal);
    let delivered = false;
    if (connection) {
      try {
        for (let data = await connection.next(); data; data = await connection.next()) {
          const frame = decodeFrame(data, id);
          if (frame.op === -1) throw streamError(id, frame.error, frame.message);
          if (frame.op !== 1) continue;
          const seq = (frame.message as StreamMessage).seq;
          // A server resuming from a cursor may send that cursor's message again.
          if (typeof seq === "number" && cursor !== undefined && seq <= cursor) continue;
          delivered = true;
          yield frame.message as M;
          if (typeof seq === "number") cursor = seq;
        }
      } finally {
        connection.close();
      }
    }
    fruitless = delivered ? 0 : fruitless + 1;
    // Without reconnecting, a stream the server ended is done; one that never opened is an error.
    if (!reconnect && connection) return;
    if (fruitless >= (reconnect?.maxAttempts ?? 1)) throw new SubscriptionConnectionError(url, fruitless);
    const aborted = await sleep(backoffDelay(backoff, Math.max(0, fruitless - 1)), signal);
    if (aborted) throw aborted;
  }
}
