import type { AuthHeaders } from "./auth.js";
import type { AnyOperation } from "./operation.js";
import type { RequestOptions } from "./sdks.js";

/**
 * The URL of an operation under `base` (which ends in `/`); a query's request fields become URL parameters
 * (arrays repeat the key). A string, not a URL object: fetch parses it once anyway.
 */
export function operationURL(base: string, op: AnyOperation, request: unknown): string {
  const url = `${base}xrpc/${op.id}`;
  return op.kind === "query" && request ? url + queryString(request) : url;
}

/** `?a=1&b=x&b=y` for XRPC parameters (arrays repeat the key, undefined is left out), or "" for none. */
export function queryString(params: object): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  const query = search.toString();
  return query ? `?${query}` : "";
}

/** A binary procedure's request: the bytes, and their type when a Blob does not carry it. */
export type BinaryInput = {
  body: Blob | ArrayBuffer | Uint8Array | ReadableStream<Uint8Array>;
  contentType?: string;
};

/** A binary response: the bytes and the type the server gave them. */
export type BinaryOutput = { body: Uint8Array; contentType: string };

/**
 * The RequestInit for one call. Built once; each attempt makes a Request from it, so every attempt gets
 * a fresh body stream. The caller's `fetchOptions.headers` are applied last: they win.
 */
export function operationInit(
  op: AnyOperation,
  request: unknown,
  auth: AuthHeaders | undefined,
  proxy: string | undefined,
  options: RequestOptions,
): RequestInit {
  const accept = op.response === "binary" ? "*/*" : "application/json";
  const headers: Record<string, string> = auth ? { accept, ...auth } : { accept };
  if (proxy) headers["atproto-proxy"] = proxy;
  let body: BodyInit | undefined;
  if (op.kind === "procedure" && request !== undefined) {
    if (op.encoding === "binary") {
      const input = request as BinaryInput;
      body = input.body as BodyInit;
      const blobType = input.body instanceof Blob ? input.body.type : "";
      headers["content-type"] = input.contentType || blobType || "application/octet-stream";
    } else {
      body = JSON.stringify(request);
      headers["content-type"] = "application/json";
    }
  }
  const { headers: extra, ...fetchOptions } = options.fetchOptions ?? {};
  if (extra) {
    for (const [key, value] of new Headers(extra)) headers[key] = value;
  }
  const init: RequestInit & { duplex?: "half" } = {
    ...fetchOptions,
    method: op.kind === "query" ? "GET" : "POST",
    headers,
    body,
  };
  // fetch refuses a stream body unless told the request is half-duplex.
  if (body instanceof ReadableStream) init.duplex = "half";
  return init;
}
