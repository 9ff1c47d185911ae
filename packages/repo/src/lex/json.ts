import { decodeBase64, encodeBase64 } from "../bytes/index.js";
import { formatPath, MAX_DEPTH } from "../cbor/encode.js";
import { Cid } from "../cid.js";
import { InvalidDataError } from "../errors.js";
import type { LexMap, LexValue } from "./types.js";

type Path = (string | number)[];

function fail(base: string, path: Path, reason: string): never {
  throw new InvalidDataError(base + formatPath(path).slice(1), reason);
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function convert(json: unknown, base: string, path: Path): LexValue {
  if (json === null || typeof json === "boolean" || typeof json === "string") return json;
  if (typeof json === "number") {
    if (!Number.isInteger(json)) fail(base, path, "not an integer (floats are not allowed)");
    if (!Number.isSafeInteger(json)) fail(base, path, "integer outside the safe range");
    return json;
  }
  if (typeof json !== "object") fail(base, path, `unsupported type ${typeof json}`);
  if (path.length >= MAX_DEPTH) fail(base, path, "nested too deeply");
  if (Array.isArray(json)) {
    const out: LexValue[] = new Array(json.length);
    for (let i = 0; i < json.length; i++) {
      path.push(i);
      out[i] = convert(json[i], base, path);
      path.pop();
    }
    return out;
  }
  if (!isPlainObject(json)) fail(base, path, "not a plain object");
  const keys = Object.keys(json);
  if ("$link" in json) return convertLink(json, keys, base, path);
  if ("$bytes" in json) return convertBytes(json, keys, base, path);
  const out: LexMap = {};
  for (const key of keys) {
    path.push(key);
    const value = convert(json[key], base, path);
    path.pop();
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  checkTyped(out, base, path);
  return out;
}

function convertLink(json: Record<string, unknown>, keys: string[], base: string, path: Path): Cid {
  const link = json.$link;
  if (keys.length !== 1) fail(base, path, "$link object has extra fields");
  if (typeof link !== "string") fail(base, path, "$link must be a string");
  const cid = Cid.attemptParse(link);
  if (cid === null) fail(base, path, "$link is not a valid cid");
  return cid;
}

function convertBytes(json: Record<string, unknown>, keys: string[], base: string, path: Path): Uint8Array {
  const text = json.$bytes;
  if (keys.length !== 1) fail(base, path, "$bytes object has extra fields");
  if (typeof text !== "string") fail(base, path, "$bytes must be a string");
  const bytes = decodeBase64(text);
  if (bytes === null) fail(base, path, "$bytes is not base64");
  return bytes;
}

/** `$type`, when present, names a type; a blob additionally needs its ref, mimeType and size. */
function checkTyped(map: LexMap, base: string, path: Path): void {
  if (!("$type" in map)) return;
  const type = map.$type;
  if (typeof type !== "string" || type.length === 0) fail(base, path, "$type must be a non-empty string");
  if (type !== "blob") return;
  if (!(map.ref instanceof Cid)) fail(base, path, "blob ref must be a $link");
  if (typeof map.mimeType !== "string") fail(base, path, "blob mimeType must be a string");
  if (typeof map.size !== "number") fail(base, path, "blob size must be an integer");
}

/** Converts JSON (as parsed from XRPC input) to a data-model value; `base` prefixes error paths. */
export function jsonToLex(json: unknown, base = "$"): LexValue {
  return convert(json, base, []);
}

/** Converts a JSON record: like jsonToLex, but the top level must be an object. */
export function jsonToRecord(json: unknown, base = "$"): LexMap {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new InvalidDataError(base, "a record must be an object");
  }
  return convert(json, base, []) as LexMap;
}

/** Converts a data-model value to its JSON form: links as `{$link}`, bytes as `{$bytes}`. */
export function lexToJson(value: LexValue): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Cid) return { $link: value.toString() };
  if (value instanceof Uint8Array) return { $bytes: encodeBase64(value) };
  if (Array.isArray(value)) return value.map(lexToJson);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(out, key, {
      value: lexToJson(value[key]!),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
