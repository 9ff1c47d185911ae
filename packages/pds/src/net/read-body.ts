import { pipeline, type Readable, Transform, type TransformCallback } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { OutboundError } from "./errors.js";
import { type OutboundOptions, type OutboundResponse, outboundRequest } from "./outbound.js";

/** Content codings the PDS can read itself (what it asks upstreams for when it may need to). */
export const DECODABLE_CODINGS = new Set(["gzip", "x-gzip", "deflate", "br", "identity"]);

/** Passes bytes through, failing with OutboundError once more than `maxBytes` went by. */
export function byteLimit(url: string, maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > maxBytes) return done(new OutboundError(url, "too-large", `over ${maxBytes} bytes`));
      done(null, chunk);
    },
  });
}

function decoder(url: string, coding: string): Transform | null {
  switch (coding.trim().toLowerCase()) {
    case "":
    case "identity":
      return null;
    case "gzip":
    case "x-gzip":
      return createGunzip();
    case "deflate":
      return createInflate();
    case "br":
      return createBrotliDecompress();
    default:
      throw new OutboundError(url, "bad-body", `content-encoding ${coding}`);
  }
}

/**
 * Reads a response body whole, decoded, refusing more than `maxBytes` both on the wire and decoded (a
 * small compressed body can inflate to gigabytes). Throws OutboundError.
 */
export async function readLimited(url: string, res: OutboundResponse, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const codings = String(res.headers["content-encoding"] ?? "")
    .split(",")
    .filter((c) => c.trim() !== "");
  try {
    const stages: NodeJS.ReadWriteStream[] = [byteLimit(url, maxBytes)];
    // Codings are listed in the order they were applied, so they are undone last to first.
    for (const coding of codings.reverse()) {
      const stage = decoder(url, coding);
      if (stage) stages.push(stage, byteLimit(url, maxBytes));
    }
    // A failing stage destroys the last one with its error, which ends the loop below.
    const last = pipeline([res.body, ...stages], () => {}) as unknown as Readable;
    for await (const chunk of last) chunks.push(chunk as Buffer);
  } catch (err) {
    res.body.destroy();
    if (err instanceof OutboundError) throw err;
    throw new OutboundError(url, "bad-body", (err as Error).message);
  }
  return Buffer.concat(chunks);
}

/** GET `url` and parse its JSON body (at most `maxBytes`); the status comes back with it. */
export async function fetchJson(
  url: string,
  opts: Omit<OutboundOptions, "method" | "body"> & { maxBytes: number },
): Promise<{ status: number; body: unknown }> {
  const res = await outboundRequest(url, {
    ...opts,
    headers: { accept: "application/json", "accept-encoding": "gzip, identity", ...opts.headers },
  });
  const bytes = await readLimited(url, res, opts.maxBytes);
  try {
    return { status: res.status, body: bytes.length === 0 ? undefined : JSON.parse(bytes.toString("utf8")) };
  } catch {
    throw new OutboundError(url, "bad-body", "not JSON");
  }
}
