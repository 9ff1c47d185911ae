// A tool's outcome as an MCP tool result. Successes are compact JSON text (or the bytes, for the few
// binary operations); failures are tool errors (`isError: true`) whose text is JSON with the XRPC error
// name and message, so the model can read why and try again.
import type { CallToolResult } from "@modelcontextprotocol/server";
import { BlueskyError, XRPCError } from "../models/errors/blueskyerror.js";
import { HTTPClientError } from "../models/errors/httpclienterrors.js";
import { SDKValidationError } from "../models/errors/sdkvalidationerror.js";

/**
 * The most bytes a binary result (getBlob, getRepo, ...) may carry: it goes to the model base64-encoded, and
 * a larger one would only flood its context. Past it the call fails with `ResultTooLarge`.
 */
export const MAX_BINARY_RESULT_BYTES = 8 * 1024 * 1024;

/** Bytes a tool returns, with their type and the URL they came from. */
export type BinaryResult = { body: Uint8Array; contentType: string; url: string };

/** A failed call as the model reads it. */
export type ToolErrorReport = { error: string; message: string; status?: number };

const isBinary = (value: unknown): value is BinaryResult =>
  typeof value === "object" && value !== null && (value as BinaryResult).body instanceof Uint8Array;

/** A binary result was larger than MAX_BINARY_RESULT_BYTES. */
export class ResultTooLargeError extends Error {
  override readonly name = "ResultTooLargeError";
  readonly error = "ResultTooLarge";

  constructor(readonly size: number) {
    super(`the result is ${size} bytes; at most ${MAX_BINARY_RESULT_BYTES} are returned to the model`);
  }
}

function binaryResult({ body, contentType, url }: BinaryResult): CallToolResult {
  if (body.byteLength > MAX_BINARY_RESULT_BYTES) throw new ResultTooLargeError(body.byteLength);
  const mimeType = contentType.split(";")[0]!.trim() || "application/octet-stream";
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (mimeType.startsWith("image/")) {
    return { content: [{ type: "image", data: bytes.toString("base64"), mimeType }] };
  }
  const text = mimeType.startsWith("text/") || mimeType.includes("json");
  const resource = text
    ? { uri: url, mimeType, text: bytes.toString("utf8") }
    : { uri: url, mimeType, blob: bytes.toString("base64") };
  return { content: [{ type: "resource", resource }] };
}

/** The tool result of a success: compact JSON, or the bytes as an image or an embedded resource. */
export function toolSuccess(value: unknown): CallToolResult {
  if (isBinary(value)) return binaryResult(value);
  return { content: [{ type: "text", text: JSON.stringify(value ?? {}) }] };
}

/** The XRPC error name, message and status of a failure; errors the SDK raised before sending keep their own. */
export function describeToolError(error: unknown): ToolErrorReport {
  if (error instanceof XRPCError) {
    return { error: error.error ?? error.name, message: error.message, status: error.statusCode };
  }
  if (error instanceof BlueskyError)
    return { error: error.name, message: error.message, status: error.statusCode };
  // Refused before sending: to the model it reads as the server's InvalidRequest would.
  if (error instanceof SDKValidationError) return { error: "InvalidRequest", message: error.message };
  if (error instanceof HTTPClientError) return { error: error.name, message: error.message };
  const named = error as { error?: unknown; message?: unknown };
  if (error instanceof Error && typeof named.error === "string")
    return { error: named.error, message: error.message };
  return { error: "InternalError", message: error instanceof Error ? error.message : String(error) };
}

/** The tool result of a failure. */
export function toolFailure(error: unknown): CallToolResult {
  return { isError: true, content: [{ type: "text", text: JSON.stringify(describeToolError(error)) }] };
}
