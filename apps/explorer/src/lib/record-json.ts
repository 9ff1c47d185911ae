/** The editor's text is not a JSON object; `message` says where, for display next to the field. */
export class RecordJsonError extends Error {
  override readonly name = "RecordJsonError";
}

/** A record as the editor shows it: two-space JSON. */
export function formatRecord(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** Parses editor text into a record object; throws RecordJsonError naming the problem. */
export function parseRecord(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // V8 names the offending token (and, for truncated input, the position): enough to find the mistake.
    throw new RecordJsonError(`Invalid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new RecordJsonError("A record must be a JSON object ({ … }).");
  }
  return value as Record<string, unknown>;
}

/** The record key of an `at://did/collection/rkey` URI. */
export function rkeyOf(uri: string): string {
  return uri.slice(uri.lastIndexOf("/") + 1);
}
