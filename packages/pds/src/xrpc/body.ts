import type { IncomingMessage } from "node:http";
import type { Readable, Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { InvalidRequestError, PayloadTooLargeError, UnsupportedMediaTypeError, XRPCError } from "./errors.js";

/** The reference's default JSON limit for routes that declare none (150 KiB). */
export const DEFAULT_BODY_LIMIT = 150 * 1024;

/**
 * Which content codings a body may arrive in, as the reference: JSON bodies go through body-parser
 * (one coding: gzip or deflate), binary bodies through its stream decoders (a list, br too).
 */
export type BodyKind = "json" | "binary";

// A Map, not an object literal: a coding named "constructor" must find nothing.
const DECODERS = new Map<string, () => Transform>([
  ["gzip", createGunzip],
  ["x-gzip", createGunzip],
  ["deflate", createInflate],
  ["br", createBrotliDecompress],
]);
const JSON_CODINGS = new Set(["identity", "gzip", "deflate"]);

/** The decoders for a Content-Encoding header, in the order to apply them; 415 for an unknown coding. */
function contentDecoders(header: string | undefined, kind: BodyKind): Transform[] {
  if (header === undefined || header.trim() === "") return [];
  const codings = header
    .toLowerCase()
    .split(",")
    .map((c) => c.trim());
  if (kind === "json") {
    const [coding] = codings;
    if (codings.length !== 1 || !JSON_CODINGS.has(coding!)) {
      throw new UnsupportedMediaTypeError(`unsupported content encoding "${header.trim()}"`);
    }
    return coding === "identity" ? [] : [DECODERS.get(coding!)!()];
  }
  const known = codings.filter((c) => c !== "identity");
  if (known.some((c) => !DECODERS.has(c))) {
    throw new UnsupportedMediaTypeError("unsupported content-encoding", "UnsupportedMediaType");
  }
  // Codings are listed in the order they were applied, so they come off last first.
  return known.reverse().map((c) => DECODERS.get(c)!());
}

// The body is abandoned half-read: close the connection after the answer instead of draining the rest.
const CLOSE = { connection: "close" };

/**
 * Reads the whole body, decoded, refusing with 413 as soon as the decoded size (or the coded one)
 * passes `limit` bytes, so a small compressed body cannot inflate past it. On a refusal the request
 * is paused, not destroyed: the error is still answered, then the connection closes.
 */
export async function readBody(req: IncomingMessage, limit: number, kind: BodyKind): Promise<Buffer> {
  const decoders = contentDecoders(req.headers["content-encoding"], kind);
  if (decoders.length === 0 && Number(req.headers["content-length"]) > limit) {
    throw new PayloadTooLargeError(CLOSE);
  }
  let source: NodeJS.ReadableStream = req;
  for (const decoder of decoders) source = source.pipe(decoder);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let coded = 0;
    let settled = false;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) stop(new PayloadTooLargeError(CLOSE));
      else chunks.push(chunk);
    };
    // The coded bytes count too: padding after a gzip member inflates to nothing, without end.
    const onCoded = (chunk: Buffer): void => {
      coded += chunk.length;
      if (coded > limit) stop(new PayloadTooLargeError(CLOSE));
    };
    const stop = (err: XRPCError): void => {
      if (settled) return;
      settled = true;
      source.removeListener("data", onData);
      req.removeListener("data", onCoded);
      req.unpipe();
      req.pause();
      for (const decoder of decoders) decoder.destroy();
      reject(err);
    };
    source.on("data", onData);
    if (decoders.length > 0) req.on("data", onCoded);
    source.once("end", () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    for (const decoder of decoders) decoder.once("error", (err) => stop(undecodableBody(req, err)));
    // A client that goes away mid-body: nobody is left to answer, but the promise must settle.
    req.once("close", () => {
      if (!req.complete) stop(new InvalidRequestError("request body was not completed"));
    });
  });
}

/**
 * The body as it arrives, decoded, for a handler that consumes it as a stream (a repo import): the
 * same codings and limit as readBody, counted as the chunks go by, so nothing is held but the chunk
 * being read. On a refusal the request is paused, not destroyed, so the error can still be answered.
 */
export async function* streamBody(req: IncomingMessage, limit: number): AsyncGenerator<Buffer> {
  const decoders = contentDecoders(req.headers["content-encoding"], "binary");
  if (Number(req.headers["content-length"]) > limit) throw new PayloadTooLargeError(CLOSE);
  let source: Readable = req;
  for (const decoder of decoders) source = source.pipe(decoder);
  // pipe() passes data on, not errors: an undecodable first coding must end the last decoder (which the
  // loop below reads) too, or the loop waits forever and the error goes unhandled.
  const last = source;
  for (const decoder of decoders.slice(0, -1)) decoder.once("error", (err) => last.destroy(err));
  let coded = 0;
  const onCoded = (chunk: Buffer) => {
    coded += chunk.length;
  };
  if (decoders.length > 0) req.on("data", onCoded);
  // A client that goes away mid-body ends the decoders too, so the loop below cannot wait forever.
  const onClose = () => {
    if (!req.complete) source.destroy(new InvalidRequestError("request body was not completed"));
  };
  req.once("close", onClose);
  let size = 0;
  let done = false;
  try {
    for await (const chunk of source.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit || coded > limit) throw new PayloadTooLargeError(CLOSE);
      yield chunk;
    }
    done = true;
  } catch (err) {
    if (err instanceof XRPCError) throw err;
    throw decoders.length > 0
      ? undecodableBody(req, err as Error)
      : new InvalidRequestError("request body was not completed");
  } finally {
    req.off("data", onCoded);
    req.off("close", onClose);
    if (!done) {
      req.unpipe();
      req.pause();
      for (const decoder of decoders) decoder.destroy();
    }
  }
}

function undecodableBody(req: IncomingMessage, err: Error): XRPCError {
  const coding = req.headers["content-encoding"];
  return new XRPCError(400, "InvalidRequest", `could not decode the body (${coding}): ${err.message}`, CLOSE);
}

/** The media type of a Content-Type header, lower-cased and without parameters. */
export function mediaType(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  return header.split(";", 1)[0]!.trim().toLowerCase() || undefined;
}

/** True when the request declares a body at all (a length or a chunked transfer), as the reference checks. */
export function declaresBody(req: IncomingMessage): boolean {
  return req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
}
