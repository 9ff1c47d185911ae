// fast-check arbitraries for atproto data-model values in their JSON form (what XRPC carries): strings
// with the Unicode edges that broke codecs before (a leading U+FEFF, NUL, astral characters, combining
// marks, U+FFFF), integers over the whole safe range, `$bytes`, `$link` (dag-cbor and raw CIDs), blob
// refs, and objects and arrays nested a few levels, with keys such as `__proto__` and `constructor`.
// Shared by the core's fuzz test and the PDS's (packages/pds/test/fuzz/), and bench/fuzz.ts.
import fc from "fast-check";
import { Cid, DAG_CBOR, encodeBase64, RAW } from "../src/index.js";

/** A blob ref as JSON: `{$type: "blob", ref: {$link}, mimeType, size}`. */
export interface BlobRefJson {
  $type: "blob";
  ref: { $link: string };
  mimeType: string;
  size: number;
}

/** Strings that once broke a codec or a parser, mixed into the random ones. */
const EDGE_STRINGS = [
  "",
  "\ufeff",
  "\ufeffhello",
  "\ufeff\ufeff",
  "\u0000",
  "a\u0000b",
  "\uffff",
  "\ufffd",
  "😀",
  "\u{10ffff}",
  "e\u0301",
  "\u2028\u2029",
  "\\u0000",
  '"quoted"',
  "x".repeat(300),
];

/** Keys with meaning somewhere in JavaScript, which must stay plain data. */
const EDGE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "\ufeffa", "a", ""];

/** Keys the data model's JSON form gives a meaning of its own: only generated where they belong. */
const RESERVED_KEYS = new Set(["$type", "$link", "$bytes"]);

/** Well-formed Unicode text (whole code points), random or from the edge list. */
export const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
);

/** Text that may hold lone surrogates (UTF-16 units drawn anywhere, surrogates included). */
export const anyUtf16: fc.Arbitrary<string> = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u)),
    fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
  ),
  minLength: 1,
  maxLength: 12,
});

const key: fc.Arbitrary<string> = fc
  .oneof(fc.string({ unit: "binary", maxLength: 12 }), fc.constantFrom(...EDGE_KEYS))
  .filter((k) => !RESERVED_KEYS.has(k));

/** A CID string: dag-cbor or raw, over a random SHA-256-sized digest. */
export const cidString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(DAG_CBOR, RAW), fc.uint8Array({ minLength: 32, maxLength: 32 }))
  .map(([codec, digest]) => Cid.fromDigest(codec, digest).toString());

/** Bytes in JSON form, as the core writes them back (base64 without padding). */
export const bytesJson = fc.uint8Array({ maxLength: 48 }).map((b) => ({ $bytes: encodeBase64(b) }));

export const linkJson = cidString.map(($link) => ({ $link }));

/** A blob ref whose blob exists nowhere: for the core, which never looks blobs up. */
export const anyBlobRef: fc.Arbitrary<BlobRefJson> = fc.record({
  $type: fc.constant("blob" as const),
  ref: cidString.map(($link) => ({ $link })),
  mimeType: fc.constantFrom("image/png", "text/plain", "application/octet-stream", "video/mp4"),
  size: fc.nat({ max: 100_000_000 }),
});

/** An object built key by key with defineProperty, so a `__proto__` key is an own key, not a prototype. */
function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * A data-model value in JSON form; `blobs` supplies the blob refs (a PDS needs ones it holds).
 * Objects and arrays nest a few levels; each holds up to 5 entries.
 */
export function dataModelValue(blobs: fc.Arbitrary<BlobRefJson> = anyBlobRef): fc.Arbitrary<unknown> {
  const scalar = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.maxSafeInteger(),
    fc.constantFrom(0, -1, 2 ** 32, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
    text,
    bytesJson,
    linkJson,
    blobs,
  );
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small", maxDepth: 5 }, scalar, tie("array"), tie("object")),
    array: fc.array(tie("value"), { maxLength: 5 }),
    object: fc.uniqueArray(fc.tuple(key, tie("value")), { maxLength: 5, selector: ([k]) => k }).map(objectOf),
  }));
  return value;
}

/** A record in JSON form (an object of data-model values), without `$type`: the caller names it. */
export function recordFields(blobs?: fc.Arbitrary<BlobRefJson>): fc.Arbitrary<Record<string, unknown>> {
  const value = dataModelValue(blobs);
  return fc.uniqueArray(fc.tuple(key, value), { maxLength: 8, selector: ([k]) => k }).map(objectOf);
}
