import type { IncomingMessage } from "node:http";
import { isWellFormed } from "@putrecord/repo";
import { declaresBody, mediaType, readBody } from "./body.js";
import { InvalidRequestError, UnsupportedMediaTypeError } from "./errors.js";

// The one leading BOM a JSON body may carry (RFC 8259 §8.1) is removed by hand; every other U+FEFF,
// inside a string, is data and must stay (ignoreBOM: true).
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const BOM = [0xef, 0xbb, 0xbf];

/** The charset parameter of a Content-Type header, upper-cased as the reference reports it. */
function charset(header: string): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(header)?.[1]?.toUpperCase();
}

/**
 * Reads a JSON request body in the reference's order: a body at all, its media type, its charset
 * (UTF-8 only: 415), its coding (415) and size (413), then the text. Wrong text is a 400.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const header = req.headers["content-type"];
  if (!declaresBody(req)) throw new InvalidRequestError("A request body is expected but none was provided");
  const type = mediaType(header);
  if (type === undefined) {
    throw new InvalidRequestError("Request encoding (Content-Type) required but not provided");
  }
  if (type !== "application/json") {
    throw new InvalidRequestError(`Wrong request encoding (Content-Type): ${type}`);
  }
  const declared = charset(header!);
  if (declared !== undefined && declared !== "UTF-8") {
    throw new UnsupportedMediaTypeError(`unsupported charset "${declared}"`);
  }
  const bytes = await readBody(req, limit, "json");
  const start = BOM.every((b, i) => bytes[i] === b) ? BOM.length : 0;
  // A declared but empty body is an empty object, as the reference reads it: the input's own checks
  // then name the missing key, and a method whose input is all optional takes it.
  if (bytes.length === start) return {};
  return parseJsonText(decodeUtf8(bytes.subarray(start)));
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new InvalidRequestError("Request body is not valid UTF-8");
  }
}

/** JSON.parse with the reference's strictness (an object or array at the top) and Unicode checks. */
function parseJsonText(text: string): unknown {
  const first = /\S/.exec(text)?.[0];
  if (first !== undefined && first !== "{" && first !== "[") {
    throw new InvalidRequestError(
      `Unexpected token '${first}': a JSON body is an object or an array`,
      "SyntaxError",
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InvalidRequestError((err as Error).message, "SyntaxError");
  }
  // Valid UTF-8 cannot hold a lone surrogate, but a \ud800 escape can; only then is the value walked.
  if (/\\u[dD][89a-fA-F]/.test(text)) {
    const bad = firstMalformedString(value);
    if (bad !== undefined) {
      throw new InvalidRequestError(
        `Invalid string ${JSON.stringify(bad.slice(0, 40))}: a lone surrogate is not Unicode text`,
      );
    }
  }
  return value;
}

/** The first string or key holding a lone surrogate, walked without recursion (bodies nest deeply). */
function firstMalformedString(root: unknown): string | undefined {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") {
      if (!isWellFormed(value)) return value;
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (!isWellFormed(key)) return key;
        stack.push(item);
      }
    }
  }
  return undefined;
}
