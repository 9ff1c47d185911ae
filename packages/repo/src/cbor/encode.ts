import { copyBytes } from "../bytes/pool.js";
import { Cid } from "../cid.js";
import { InvalidDataError } from "../errors.js";
import type { LexValue } from "../lex/types.js";

/** Deeper values are rejected rather than risking the stack. */
export const MAX_DEPTH = 1000;

interface State {
  buf: Uint8Array;
  view: DataView;
  pos: number;
  /** Keys and indexes from the root to the value being written, for error paths. */
  path: (string | number)[];
}

function fail(s: State, reason: string): never {
  throw new InvalidDataError(formatPath(s.path), reason);
}

/** Formats a key/index trail as a JSON path, e.g. `$.record.tags[2]`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = "$";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `.${p}`;
  return out;
}

const encoder = new TextEncoder();

// String.prototype.isWellFormed (ES2024, in Node 20) is past the ES2023 lib this project compiles against.
const wellFormed = (String.prototype as unknown as { isWellFormed(this: string): boolean }).isWellFormed;

/** True when the string has no lone surrogate, so it has an exact UTF-8 form. */
export function isWellFormed(str: string): boolean {
  return wellFormed.call(str);
}

function grow(s: State, need: number): void {
  if (s.pos + need <= s.buf.length) return;
  const next = new Uint8Array(Math.max(s.buf.length * 2, s.pos + need));
  next.set(s.buf.subarray(0, s.pos));
  s.buf = next;
  s.view = new DataView(next.buffer);
}

function writeHead(s: State, major: number, n: number): void {
  grow(s, 9);
  const m = major << 5;
  if (n < 24) s.buf[s.pos++] = m | n;
  else if (n < 0x100) {
    s.buf[s.pos++] = m | 24;
    s.buf[s.pos++] = n;
  } else if (n < 0x10000) {
    s.buf[s.pos++] = m | 25;
    s.view.setUint16(s.pos, n);
    s.pos += 2;
  } else if (n < 0x100000000) {
    s.buf[s.pos++] = m | 26;
    s.view.setUint32(s.pos, n);
    s.pos += 4;
  } else {
    s.buf[s.pos++] = m | 27;
    s.view.setUint32(s.pos, Math.floor(n / 0x100000000));
    s.view.setUint32(s.pos + 4, n >>> 0);
    s.pos += 8;
  }
}

function writeString(s: State, str: string): void {
  // Short ASCII strings (map keys, NSIDs, TIDs) skip TextEncoder, which dominates small encodes.
  if (str.length < 64) {
    let ascii = true;
    for (let i = 0; i < str.length; i++) {
      if (str.charCodeAt(i) > 0x7f) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      writeHead(s, 3, str.length);
      grow(s, str.length);
      for (let i = 0; i < str.length; i++) s.buf[s.pos++] = str.charCodeAt(i);
      return;
    }
  }
  // TextEncoder would write a lone surrogate as U+FFFD: refuse rather than silently change the data.
  if (!isWellFormed(str)) fail(s, "text is not well-formed unicode (lone surrogate)");
  grow(s, 9 + str.length * 3);
  // Encode after a worst-case head, then move the head so it is minimal.
  const start = s.pos;
  const { written } = encoder.encodeInto(str, s.buf.subarray(start + 9));
  writeHead(s, 3, written);
  s.buf.copyWithin(s.pos, start + 9, start + 9 + written);
  s.pos += written;
}

function writeBytes(s: State, bytes: Uint8Array): void {
  writeHead(s, 2, bytes.length);
  grow(s, bytes.length);
  s.buf.set(bytes, s.pos);
  s.pos += bytes.length;
}

function writeValue(s: State, value: LexValue | undefined, depth: number): void {
  if (value === null) {
    grow(s, 1);
    s.buf[s.pos++] = 0xf6;
  } else if (typeof value === "boolean") {
    grow(s, 1);
    s.buf[s.pos++] = value ? 0xf5 : 0xf4;
  } else if (typeof value === "number") {
    if (!Number.isInteger(value)) fail(s, "not an integer (floats are not allowed)");
    if (!Number.isSafeInteger(value)) fail(s, "integer outside the safe range");
    if (value >= 0) writeHead(s, 0, value);
    else writeHead(s, 1, -1 - value);
  } else if (typeof value === "string") {
    writeString(s, value);
  } else if (typeof value !== "object") {
    fail(s, `unsupported type ${typeof value}`);
  } else {
    if (depth >= MAX_DEPTH) fail(s, "nested too deeply");
    if (value instanceof Cid) {
      grow(s, 2);
      s.buf[s.pos++] = 0xd8;
      s.buf[s.pos++] = 42;
      writeHead(s, 2, value.bytes.length + 1);
      grow(s, value.bytes.length + 1);
      s.buf[s.pos++] = 0;
      s.buf.set(value.bytes, s.pos);
      s.pos += value.bytes.length;
    } else if (value instanceof Uint8Array) {
      writeBytes(s, value);
    } else if (Array.isArray(value)) {
      writeHead(s, 4, value.length);
      for (let i = 0; i < value.length; i++) {
        s.path.push(i);
        writeValue(s, value[i], depth + 1);
        s.path.pop();
      }
    } else {
      writeMap(s, value, depth);
    }
  }
}

// Records reuse a handful of map keys ($type, text, createdAt, …), so each key's encoded form (head
// and UTF-8) is kept: writing a key becomes one copy and canonical order one comparison of bytes.
const MAX_CACHED_KEYS = 4096;
const keyCache = new Map<string, Uint8Array>();

/** The key's encoded form; `path` (the map's) names where a key that cannot be encoded was found. */
function encodedKey(key: string, path: (string | number)[]): Uint8Array {
  let bytes = keyCache.get(key);
  if (bytes === undefined) {
    const s: State = {
      buf: new Uint8Array(key.length * 3 + 9),
      view: new DataView(new ArrayBuffer(0)),
      pos: 0,
      path,
    };
    s.view = new DataView(s.buf.buffer);
    writeString(s, key);
    bytes = s.buf.slice(0, s.pos);
    if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
    keyCache.set(key, bytes);
  }
  return bytes;
}

function writeMap(s: State, map: { [key: string]: LexValue }, depth: number): void {
  const proto = Object.getPrototypeOf(map);
  if (proto !== Object.prototype && proto !== null) fail(s, "not a plain object");
  const keys = Object.keys(map);
  const encoded = new Array<Uint8Array>(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (map[key] === undefined) {
      s.path.push(key);
      fail(s, "undefined is not allowed");
    }
    // Insertion sort into canonical order (maps are small); two parallel arrays, no per-key objects.
    const bytes = encodedKey(key, s.path);
    let j = i;
    while (j > 0 && keyBefore(bytes, encoded[j - 1]!)) {
      encoded[j] = encoded[j - 1]!;
      keys[j] = keys[j - 1]!;
      j--;
    }
    encoded[j] = bytes;
    keys[j] = key;
  }
  writeHead(s, 5, keys.length);
  for (let i = 0; i < keys.length; i++) {
    const bytes = encoded[i]!;
    grow(s, bytes.length);
    s.buf.set(bytes, s.pos);
    s.pos += bytes.length;
    s.path.push(keys[i]!);
    writeValue(s, map[keys[i]!], depth + 1);
    s.path.pop();
  }
}

/** Canonical order on encoded keys: shorter first, then byte-wise (heads are equal when lengths are). */
function keyBefore(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return x.length < y.length;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
  return false;
}

// One scratch buffer for all encodes: encoding is synchronous, so only a getter on the value being
// encoded could re-enter, and then the inner call gets a fresh buffer.
let scratch: State | null = {
  buf: new Uint8Array(4096),
  view: new DataView(new ArrayBuffer(0)),
  pos: 0,
  path: [],
};
scratch.view = new DataView(scratch.buf.buffer);

/** Encodes a data-model value as canonical DAG-CBOR; throws InvalidDataError with the JSON path. */
export function encode(value: LexValue): Uint8Array {
  let s = scratch;
  scratch = null;
  if (s === null) {
    const buf = new Uint8Array(256);
    s = { buf, view: new DataView(buf.buffer), pos: 0, path: [] };
  }
  try {
    s.pos = 0;
    s.path.length = 0;
    writeValue(s, value, 0);
    return copyBytes(s.buf.subarray(0, s.pos));
  } finally {
    // Keep the scratch buffer unless one huge value grew it.
    if (s.buf.length <= 1 << 20) scratch = s;
    else scratch = null;
  }
}
