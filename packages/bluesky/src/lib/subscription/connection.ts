import { RequestAbortedError } from "../../models/errors/httpclienterrors.js";
import { SubscriptionOverflowError } from "./errors.js";
import type { WebSocketClass } from "./websocket-web.js";

/** One open WebSocket, read as a queue of binary frames. */
export type Connection = {
  /** The next frame; null once the socket closed and every frame before the close was read. */
  next(): Promise<Uint8Array | null>;
  /** Closes the socket (code 1000); frames still queued are dropped. */
  close(): void;
};

/**
 * Opens `url` and resolves once the socket is open, or to null when it closed before opening (refused,
 * an HTTP error instead of the upgrade). The socket's frames are queued as they arrive: the WebSocket
 * API has no backpressure, so more than `maxBuffered` unread bytes fail the next read with
 * SubscriptionOverflowError rather than growing without bound. An abort closes the socket and fails the
 * pending read with RequestAbortedError.
 */
export function openConnection(
  WebSocketImpl: WebSocketClass,
  url: string,
  nsid: string,
  maxBuffered: number,
  signal: AbortSignal | undefined,
): Promise<Connection | null> {
  const ws = new WebSocketImpl(url);
  ws.binaryType = "arraybuffer";
  const queue: Uint8Array[] = [];
  let buffered = 0;
  let closed = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const fail = (error: Error) => {
    failure ??= error;
    ws.close(1000);
    notify();
  };
  const onAbort = () =>
    fail(new RequestAbortedError("Subscription aborted by client", { cause: signal?.reason }));
  signal?.addEventListener("abort", onAbort, { once: true });

  ws.onmessage = (event: MessageEvent) => {
    if (failure) return;
    // Text frames are not part of the protocol; the decoder refuses them as an invalid frame.
    const frame =
      typeof event.data === "string" ? new TextEncoder().encode(event.data) : new Uint8Array(event.data);
    queue.push(frame);
    buffered += frame.byteLength;
    if (buffered > maxBuffered) fail(new SubscriptionOverflowError(nsid, maxBuffered));
    notify();
  };

  const connection: Connection = {
    async next() {
      for (;;) {
        if (failure) throw failure;
        const frame = queue.shift();
        if (frame) {
          buffered -= frame.byteLength;
          return frame;
        }
        if (closed) return null;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
    close() {
      signal?.removeEventListener("abort", onAbort);
      queue.length = 0;
      closed = true;
      ws.close(1000);
    },
  };

  return new Promise((resolve, reject) => {
    ws.onopen = () => resolve(connection);
    const end = () => {
      closed = true;
      signal?.removeEventListener("abort", onAbort);
      notify();
      if (failure) reject(failure);
      else resolve(null);
    };
    ws.onclose = end;
    // The standard follows an error with a close, but Node 22's built-in WebSocket (undici) fires no
    // close when the connection fails (refused, a non-101 answer): an error ends the socket too.
    ws.onerror = end;
    if (signal?.aborted) onAbort();
  });
}
