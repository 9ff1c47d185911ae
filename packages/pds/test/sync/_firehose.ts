import { WebSocket } from "ws";
import { type DecodedFrame, decodeFrame } from "../../src/sequencer/events.js";

/** A firehose frame: its DAG-CBOR header and body. */
export type Frame = DecodedFrame;

/** The subscribeRepos URL of a server, with an optional query such as `?cursor=3`. */
export function firehoseUrl(pds: { url: string }, query = ""): string {
  return `${pds.url.replace("http", "ws")}/xrpc/com.atproto.sync.subscribeRepos${query}`;
}

/** What a finished subscription got: its frames and how the server closed it. */
export interface Received {
  frames: Frame[];
  code: number;
  reason: string;
}

/**
 * Opens the firehose and collects frames until `until` says stop (then closes) or the server closes.
 * `onOpen` gets the socket first (to pause it, say).
 */
export function collect(
  pds: { url: string },
  query: string,
  until: (frames: Frame[]) => boolean,
  opts: { timeoutMs?: number; onOpen?: (ws: WebSocket) => void } = {},
): Promise<Received> {
  const ws = new WebSocket(firehoseUrl(pds, query));
  const frames: Frame[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`timed out with ${frames.length} frames`));
    }, opts.timeoutMs ?? 10_000);
    ws.on("open", () => opts.onOpen?.(ws));
    ws.on("message", (data: Buffer) => {
      frames.push(decodeFrame(new Uint8Array(data)));
      if (until(frames)) ws.close();
    });
    ws.on("close", (code, reason) => {
      clearTimeout(timer);
      resolve({ frames, code, reason: reason.toString() });
    });
    ws.on("error", reject);
  });
}

/** Polls `check` until it holds (or fails after `timeoutMs`). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
