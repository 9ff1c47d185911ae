import { varintLength, writeVarint } from "../bytes/varint.js";
import * as CBOR from "../cbor/index.js";
import type { Cid } from "../cid.js";

/** The CAR v1 header `{version: 1, roots}` with its length prefix. */
export function encodeCarHeader(roots: readonly Cid[]): Uint8Array {
  const header = CBOR.encode({ version: 1, roots: [...roots] });
  const out = new Uint8Array(varintLength(header.length) + header.length);
  out.set(header, writeVarint(header.length, out, 0));
  return out;
}

/** One CAR section: length prefix, CID bytes, block bytes. */
export function encodeCarEntry(cid: Cid, bytes: Uint8Array): Uint8Array {
  const size = cid.bytes.length + bytes.length;
  const out = new Uint8Array(varintLength(size) + size);
  const o = writeVarint(size, out, 0);
  out.set(cid.bytes, o);
  out.set(bytes, o + cid.bytes.length);
  return out;
}

/** A whole CAR v1 file in memory. */
export function encodeCar(roots: readonly Cid[], blocks: Iterable<[Cid, Uint8Array]>): Uint8Array {
  const parts = [encodeCarHeader(roots)];
  let total = parts[0]!.length;
  for (const [cid, bytes] of blocks) {
    const entry = encodeCarEntry(cid, bytes);
    parts.push(entry);
    total += entry.length;
  }
  return concatParts(parts, total);
}

function concatParts(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}

/**
 * A CAR v1 file in chunks of about `chunkBytes` (a larger block is one chunk of its own), produced as
 * blocks are pulled: a caller that stops pulling stops the reading.
 */
export function* encodeCarChunks(
  roots: readonly Cid[],
  blocks: Iterable<[Cid, Uint8Array]>,
  chunkBytes: number,
): Generator<Uint8Array> {
  let parts = [encodeCarHeader(roots)];
  let size = parts[0]!.length;
  for (const [cid, bytes] of blocks) {
    const entry = encodeCarEntry(cid, bytes);
    parts.push(entry);
    size += entry.length;
    if (size >= chunkBytes) {
      yield concatParts(parts, size);
      parts = [];
      size = 0;
    }
  }
  if (size > 0) yield concatParts(parts, size);
}

/** Streams a CAR v1 file: the header, then one chunk per block, as blocks arrive. */
export async function* writeCarStream(
  roots: readonly Cid[],
  blocks: Iterable<[Cid, Uint8Array]> | AsyncIterable<[Cid, Uint8Array]>,
): AsyncGenerator<Uint8Array> {
  yield encodeCarHeader(roots);
  for await (const [cid, bytes] of blocks) yield encodeCarEntry(cid, bytes);
}
