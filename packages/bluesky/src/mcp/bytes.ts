// Bytes a tool sends (a blob, an image, a repo CAR): base64 in the arguments, or a local file when the
// server was given a directory to read from. Nothing outside that directory is ever read: the model
// chooses the path, and the model is not trusted with the machine's files.
import { readFile, realpath, stat } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { ToolInputError } from "./tool.js";

/** The largest file a tool reads (a video upload is the largest thing a PDS takes). */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes standard base64 (whitespace ignored); a malformed string is refused, not silently truncated. */
export function decodeBase64(field: string, data: string): Uint8Array {
  const compact = data.replace(/\s+/g, "");
  if (compact.length % 4 === 1 || !BASE64.test(compact)) throw new ToolInputError(field, "not base64");
  return new Uint8Array(Buffer.from(compact, "base64"));
}

/** Reads `path` if it lies inside `root`, links resolved; the error says why not. */
export async function readLocalFile(
  field: string,
  path: string,
  root: string | undefined,
): Promise<Uint8Array> {
  if (root === undefined) {
    throw new ToolInputError(
      field,
      "this server reads no local files; start it with --files DIR, or send data",
    );
  }
  let real: string;
  let realRoot: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(isAbsolute(path) ? path : resolve(realRoot, path));
  } catch {
    throw new ToolInputError(field, `no such file; path=${path}`);
  }
  const inside = relative(realRoot, real);
  if (inside.startsWith("..") || isAbsolute(inside)) {
    throw new ToolInputError(field, `outside the directory this server may read; path=${path}`);
  }
  const info = await stat(real);
  if (!info.isFile()) throw new ToolInputError(field, `not a file; path=${path}`);
  if (info.size > MAX_FILE_BYTES) throw new ToolInputError(field, `larger than ${MAX_FILE_BYTES} bytes`);
  return new Uint8Array(await readFile(real));
}

/** The type of common image formats from their first bytes; undefined for anything else. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif";
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  return undefined;
}

/** The bytes and type of a tool's `data` or `path` argument (`prefix` names where they sit, e.g. `images.0.`). */
export async function bytesArgument(
  args: Record<string, unknown>,
  root: string | undefined,
  prefix = "",
): Promise<{ bytes: Uint8Array; mimeType: string | undefined }> {
  const { data, path, mimeType } = args;
  if (mimeType !== undefined && typeof mimeType !== "string") {
    throw new ToolInputError(`${prefix}mimeType`, "expected a string");
  }
  let bytes: Uint8Array;
  if (typeof data === "string") bytes = decodeBase64(`${prefix}data`, data);
  else if (typeof path === "string") bytes = await readLocalFile(`${prefix}path`, path, root);
  else throw new ToolInputError(`${prefix}data`, "give the bytes as base64 in data, or a file in path");
  return { bytes, mimeType: mimeType || sniffImageType(bytes) };
}
