// XRPC requests with full control of the wire (any header, raw or compressed bytes, chunked framing), for
// the cases fetch cannot express: fetch sets its own Content-Length and refuses some headers.
import { request } from "node:http";
import type { XrpcResponse } from "../../../../peers/target.js";

export interface RawRequest {
  /** Default: POST when there is a body, else GET. */
  method?: string;
  headers?: Record<string, string>;
  /** Sent as is (a string as UTF-8). */
  body?: Uint8Array | string;
  /** Chunked transfer (no Content-Length), in 64 KiB chunks. */
  chunked?: boolean;
  params?: Record<string, string>;
  /** Appended after `params` verbatim, for keys URLSearchParams would not produce. */
  rawQuery?: string;
}

export interface RawResponse extends XrpcResponse {
  headers: Record<string, string | string[] | undefined>;
  /** The body's bytes (the JSON body is also parsed into `body` when it is JSON). */
  bytes: Buffer;
}

const CHUNK = 64 * 1024;

/** Sends one request to `<base>/xrpc/<nsid>` and resolves with whatever came back. */
export function rawXrpc(base: string, nsid: string, req: RawRequest = {}): Promise<RawResponse> {
  const url = new URL(`${base}/xrpc/${nsid}`);
  if (req.params) url.search = new URLSearchParams(req.params).toString();
  if (req.rawQuery) url.search += `${url.search ? "&" : "?"}${req.rawQuery}`;
  const body = typeof req.body === "string" ? Buffer.from(req.body, "utf8") : req.body;
  const headers: Record<string, string> = { ...req.headers };
  if (body !== undefined) {
    if (req.chunked) headers["transfer-encoding"] = "chunked";
    else headers["content-length"] = String(body.length);
  }
  return new Promise((resolve, reject) => {
    let answered = false;
    const out = request(
      url,
      { method: req.method ?? (body === undefined ? "GET" : "POST"), headers },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const bytes = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes, body: parseBody(bytes) });
        });
      },
    );
    // A server may answer (413) and close before the whole body is written: the answer is what counts.
    out.on("error", (err) => {
      if (!answered) reject(err);
    });
    if (body !== undefined) {
      for (let i = 0; i < body.length; i += CHUNK) out.write(body.subarray(i, i + CHUNK));
    }
    out.end();
  });
}

function parseBody(bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
  const text = bytes.toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
