import { bufferStream } from "../body.js";
import type { HTTPClient } from "../http.js";

/** Bodies longer than this are refused: a DID document or a handle's DID is a few KB at most. */
export const MAX_IDENTITY_BODY_BYTES = 64 * 1024;

/** A body was longer than MAX_IDENTITY_BODY_BYTES. */
export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
  constructor(readonly url: string) {
    super(`response body over ${MAX_IDENTITY_BODY_BYTES} bytes; url=${url}`);
  }
}

/**
 * GETs `url` through the client's HTTP client (so a custom fetcher and its hooks apply) and returns the
 * status and the body as text, read up to the limit. Network failures and the timeout reject.
 */
export async function fetchText(
  http: HTTPClient,
  url: string,
  timeoutMs: number,
  accept: string,
): Promise<{ status: number; text: string }> {
  const res = await http.request(url, {
    headers: { accept },
    redirect: "error",
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.body) return { status: res.status, text: "" };
  const body = await bufferStream(res.body, MAX_IDENTITY_BODY_BYTES);
  if (body instanceof ReadableStream) {
    await body.cancel();
    throw new BodyTooLargeError(url);
  }
  return { status: res.status, text: await body.text() };
}
