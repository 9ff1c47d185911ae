import type { IncomingMessage } from "node:http";
import { InvalidRequestError, PayloadTooLargeError } from "./errors.js";

/** The reference's default JSON limit for routes that declare none (150 KiB). */
export const DEFAULT_BODY_LIMIT = 150 * 1024;

/** Reads the whole body, refusing with 413 as soon as it passes `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (declared > limit) throw new PayloadTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PayloadTooLargeError();
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

/** The media type of a Content-Type header, lower-cased and without parameters. */
export function mediaType(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  return header.split(";", 1)[0]!.trim().toLowerCase() || undefined;
}

/** Parses a JSON request body; wrong encodings and empty bodies are 400s as in the reference. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = mediaType(req.headers["content-type"]);
  const bytes = await readBody(req, limit);
  if (bytes.length === 0) {
    throw new InvalidRequestError("A request body is expected but none was provided");
  }
  if (type !== "application/json") {
    throw new InvalidRequestError(`Wrong request encoding (Content-Type): ${type ?? "none"}`);
  }
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch (err) {
    throw new InvalidRequestError((err as Error).message, "SyntaxError");
  }
}
