import { CBOR, type LexMap } from "@putrecord/repo";
import { WebSocket } from "ws";

/** A firehose frame: its DAG-CBOR header and body. */
export interface Frame {
  header: { op: number; t?: string };
  body: LexMap;
}

const HEADERS = ["#commit", "#identity", "#account", "#sync", "#info"].map((t) => CBOR.encode({ op: 1, t }));
const ERROR_HEADER = CBOR.encode({ op: -1 });

/** Splits a frame into its two DAG-CBOR values (header, body) by matching the known headers. */
export function decodeFrame(data: Uint8Array): Frame {
  for (const h of [...HEADERS, ERROR_HEADER]) {
    if (data.length > h.length && Buffer.from(data.subarray(0, h.length)).equals(Buffer.from(h))) {
      return {
        header: CBOR.decode(h) as Frame["header"],
        body: CBOR.decode(data.subarray(h.length)) as LexMap,
      };
    }
  }
  throw new Error("unknown frame header");
}

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
