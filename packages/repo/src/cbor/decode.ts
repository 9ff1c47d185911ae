import { Buffer } from "node:buffer";
import { copyBytes } from "../bytes/pool.js";
import { Cid } from "../cid.js";
import { CborDecodeError, RepoError } from "../errors.js";
import type { LexMap, LexValue } from "../lex/types.js";
import { MAX_DEPTH } from "./encode.js";

interface State {
  buf: Uint8Array;
  view: DataView;
  pos: number;
}

// ignoreBOM: a leading U+FEFF in a text string is data, not a byte-order mark (TextDecoder strips it by default).
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function fail(s: State, reason: string, at = s.pos): never {
  throw new CborDecodeError(at, reason);
}

function need(s: State, n: number): void {
  if (s.pos + n > s.buf.length) fail(s, "unexpected end of input");
}

/** Reads the argument of a head byte, insisting on the shortest encoding as DAG-CBOR requires. */
function readArg(s: State, info: number, start: number): number {
  if (info < 24) return info;
  let n: number;
  if (info === 24) {
    need(s, 1);
    n = s.buf[s.pos++]!;
    if (n < 24) fail(s, "non-minimal integer", start);
  } else if (info === 25) {
    need(s, 2);
    n = s.view.getUint16(s.pos);
    s.pos += 2;
    if (n < 0x100) fail(s, "non-minimal integer", start);
  } else if (info === 26) {
    need(s, 4);
    n = s.view.getUint32(s.pos);
    s.pos += 4;
    if (n < 0x10000) fail(s, "non-minimal integer", start);
  } else if (info === 27) {
    need(s, 8);
    const hi = s.view.getUint32(s.pos);
    const lo = s.view.getUint32(s.pos + 4);
    s.pos += 8;
    if (hi > 0x1fffff) fail(s, "integer outside the safe range", start);
    if (hi === 0) fail(s, "non-minimal integer", start);
    n = hi * 0x100000000 + lo;
  } else {
    fail(s, info === 31 ? "indefinite length is not allowed" : `reserved additional info ${info}`, start);
  }
  return n;
}

function readValue(s: State, depth: number): LexValue {
  if (depth > MAX_DEPTH) fail(s, "nested too deeply");
  need(s, 1);
  const start = s.pos;
  const head = s.buf[s.pos++]!;
  const major = head >> 5;
  const info = head & 31;
  if (major === 7) {
    if (head === 0xf4) return false;
    if (head === 0xf5) return true;
    if (head === 0xf6) return null;
    if (head === 0xf7) fail(s, "undefined is not allowed", start);
    if (head >= 0xf9 && head <= 0xfb) fail(s, "floats are not allowed", start);
    fail(s, `unsupported simple value 0x${head.toString(16)}`, start);
  }
  const n = readArg(s, info, start);
  switch (major) {
    case 0:
      return n;
    case 1:
      if (n === Number.MAX_SAFE_INTEGER) fail(s, "integer outside the safe range", start);
      return -1 - n;
    case 2: {
      need(s, n);
      const bytes = copyBytes(s.buf.subarray(s.pos, s.pos + n));
      s.pos += n;
      return bytes;
    }
    case 3:
      return readText(s, n);
    case 4: {
      const arr: LexValue[] = new Array(n);
      for (let i = 0; i < n; i++) arr[i] = readValue(s, depth + 1);
      return arr;
    }
    case 5:
      return readMap(s, n, depth);
    default:
      return readLink(s, n, start);
  }
}

function readText(s: State, n: number): string {
  need(s, n);
  const start = s.pos;
  s.pos += n;
  for (let i = start; i < start + n; i++) {
    if (s.buf[i]! > 0x7f) return decodeUtf8(s, start, n);
  }
  // ASCII: Node's latin1 slice gives a flat string without TextDecoder's per-call cost.
  return asciiSlice.call(s.buf, start, start + n);
}

const asciiSlice = (
  Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, start: number, end: number): string }
).latin1Slice;

function decodeUtf8(s: State, start: number, n: number): string {
  try {
    return utf8.decode(s.buf.subarray(start, start + n));
  } catch {
    fail(s, "invalid utf-8 in text string", start);
  }
}

function readMap(s: State, n: number, depth: number): LexMap {
  const map: LexMap = {};
  let prevStart = -1;
  let prevEnd = -1;
  for (let i = 0; i < n; i++) {
    const keyStart = s.pos;
    need(s, 1);
    if (s.buf[s.pos]! >> 5 !== 3) fail(s, "map keys must be text strings");
    const key = readValue(s, depth + 1) as string;
    if (prevStart >= 0 && !keyAfter(s.buf, prevStart, prevEnd, keyStart, s.pos)) {
      fail(s, "map keys are not in canonical order or repeat", keyStart);
    }
    prevStart = keyStart;
    prevEnd = s.pos;
    const value = readValue(s, depth + 1);
    // defineProperty keeps a "__proto__" key as data instead of changing the prototype.
    if (key === "__proto__") {
      Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
    } else map[key] = value;
  }
  return map;
}

/** Canonical order compares the encoded keys: shorter first, then byte-wise; equal is a repeat. */
function keyAfter(buf: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  const la = aEnd - aStart;
  const lb = bEnd - bStart;
  if (la !== lb) return lb > la;
  for (let i = 0; i < la; i++) {
    const d = buf[bStart + i]! - buf[aStart + i]!;
    if (d !== 0) return d > 0;
  }
  return false;
}

function readLink(s: State, tag: number, start: number): Cid {
  if (tag !== 42) fail(s, `unsupported tag ${tag}`, start);
  need(s, 1);
  const head = s.buf[s.pos]!;
  if (head >> 5 !== 2) fail(s, "cid tag must wrap a byte string");
  s.pos++;
  const len = readArg(s, head & 31, start);
  need(s, len);
  if (len === 0 || s.buf[s.pos] !== 0)
    fail(s, "cid bytes must start with the identity multibase prefix", start);
  // Parse the CID in place, straight from the input, instead of copying the byte string first.
  const end = s.pos + len;
  try {
    const [cid, used] = Cid.decodeFirst(s.buf.subarray(s.pos + 1, end));
    if (used !== len - 1) fail(s, "trailing bytes after the cid", start);
    s.pos = end;
    return cid;
  } catch (err) {
    if (err instanceof RepoError && !(err instanceof CborDecodeError)) fail(s, err.message, start);
    throw err;
  }
}

/** Decodes exactly one canonical DAG-CBOR value; throws CborDecodeError with the offset on bad input. */
export function decode(bytes: Uint8Array): LexValue {
  const s: State = {
    buf: bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    pos: 0,
  };
  const value = readValue(s, 0);
  if (s.pos !== bytes.length) fail(s, "trailing bytes after the value");
  return value;
}
