// Cross-server conformance cases for input at the HTTP edge (issue 13, finding 12): content codings,
// charsets, a BOM, `__proto__` keys, Unicode, nesting depth, datetimes, picked record keys, malformed
// `$bytes`/`$link`/blob shapes, blob and swap error names, getRecord's parameters (other methods' and
// empty bodies in param-cases.ts). Run with the record cases (runner.ts) against both servers; each
// `differs` is a row of docs/differences.md's input table.
// A case's `outcome` names what happened beyond status and error: "altered" when a record reads back
// different from what was written, "rkey …" for the key a create picked.
import { deflateSync, gzipSync } from "node:zlib";
import type { ConformanceCase } from "./cases.js";
import {
  ALTERED,
  aliceRaw,
  BAD,
  BAD_JSON,
  blobRef,
  bomBytes,
  bomb,
  CIDV0,
  createProfile,
  datetime,
  getRecord,
  NOTE,
  note,
  OK,
  PROFILE,
  put,
  putEncoded,
  putFields,
  putText,
  roundTrip,
  STRANGER_BLOB,
  TOO_LARGE,
  UNSUPPORTED,
  uploadCoded,
  WRITE_LIMIT,
  withBlob,
  write,
} from "./input-requests.js";
import { PARAM_CASES } from "./param-cases.js";

/** Every input case, in the order they run (each writes only under its own rkey, profiles aside). */
export const INPUT_CASES: ConformanceCase[] = [
  // Content-Encoding: inflated within the limit, measured after inflation; unknown codings 415.
  putEncoded("input.gzip", OK, { "content-encoding": "gzip" }, gzipSync),
  putEncoded("input.deflate", OK, { "content-encoding": "deflate" }, deflateSync),
  // ~2 KB on the wire, 2 MB inflated: refused once the inflated bytes pass the limit.
  putEncoded("input.gzip-bomb", TOO_LARGE, { "content-encoding": "gzip" }, gzipSync, bomb),
  putEncoded("input.encoding-unknown", UNSUPPORTED, { "content-encoding": "xyz" }, Buffer.from),
  putEncoded("input.encoding-br", UNSUPPORTED, { "content-encoding": "br" }, Buffer.from),
  {
    ...putEncoded("input.gzip-corrupt", { status: 400, error: "Error" }, { "content-encoding": "gzip" }, () =>
      Buffer.from("not gzip"),
    ),
    differs: {
      ours: BAD,
      reason: "the reference names zlib's failure `Error`; ours answers InvalidRequest with zlib's message",
    },
  },
  put("input.chunked-over-limit", TOO_LARGE, JSON.stringify({ text: "x".repeat(WRITE_LIMIT) }), {
    chunked: true,
  }),
  // Charsets: UTF-8 only.
  putEncoded("input.charset-utf8", OK, { "content-type": 'application/json; charset="UTF-8"' }, Buffer.from),
  putEncoded(
    "input.charset-latin1",
    UNSUPPORTED,
    { "content-type": "application/json; charset=iso-8859-1" },
    (t) => Buffer.from(t, "latin1"),
  ),
  {
    ...putEncoded("input.charset-utf16", OK, { "content-type": "application/json; charset=utf-16le" }, (t) =>
      Buffer.from(t, "utf16le"),
    ),
    differs: {
      ours: UNSUPPORTED,
      reason: "JSON between systems is UTF-8 (RFC 8259 §8.1); ours reads no other charset",
    },
  },
  // A BOM before the JSON is skipped; U+FEFF inside strings and keys is data.
  putEncoded("input.bom-before-json", OK, {}, bomBytes),
  {
    ...roundTrip("input.bom-in-strings-and-keys", ALTERED, note({ text: "\ufeffhello", "\ufeffa": 1, a: 2 })),
    differs: {
      ours: OK,
      reason: "the reference's decoder drops a leading U+FEFF on read (and one of two keys)",
    },
  },
  // Unicode: what is not text is refused, never replaced.
  {
    ...roundTrip(
      "input.invalid-utf8",
      ALTERED,
      Buffer.concat([
        Buffer.from('{"$type":"com.example.note","text":"a'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}'),
      ]),
    ),
    differs: {
      ours: BAD,
      reason: "bytes that are not UTF-8 are refused; the reference stores U+FFFD in their place",
    },
  },
  {
    ...roundTrip("input.lone-surrogate", ALTERED, '{"$type":"com.example.note","text":"a\\ud800b"}'),
    differs: { ours: BAD, reason: "a lone surrogate has no UTF-8 form; the reference stores U+FFFD instead" },
  },
  // `__proto__` is a key like any other: data, never a prototype.
  {
    ...roundTrip(
      "input.proto-key-in-record",
      BAD,
      '{"$type":"com.example.note","__proto__":{"polluted":true},"text":"p"}',
    ),
    differs: {
      ours: OK,
      reason: "any string is a valid data-model key; ours keeps `__proto__` as data and reads it back",
    },
  },
  {
    name: "input.proto-key-top-level",
    expect: BAD,
    differs: { ours: OK, reason: "an unknown top-level input key is ignored, `__proto__` as any other" },
    run: (ctx) =>
      aliceRaw(ctx, "putRecord", {
        body: `{"__proto__":{"repo":"x"},${putText(ctx, "input.proto-key-top-level", note({ text: "p" })).slice(1)}`,
      }),
  },
  getRecord(
    "input.proto-query-param",
    "com.atproto.repo.getRecord",
    { collection: NOTE, rkey: "k" },
    "__proto__=a&__proto__=b",
  ),
  // Depth: a clear 400 however deep, never a 500.
  {
    name: "input.deep-top-level",
    expect: BAD,
    run: (ctx) => aliceRaw(ctx, "putRecord", { body: `${"[".repeat(100_000)}${"]".repeat(100_000)}` }),
  },
  put("input.deep-record", BAD, `${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}`),
  {
    name: "input.top-level-string",
    expect: BAD_JSON,
    run: (ctx) => aliceRaw(ctx, "putRecord", { body: '"just a string"' }),
  },
  // Datetimes: the atproto syntax, strictly.
  datetime("datetime.offset", OK, "2024-01-01T00:00:00+01:00"),
  datetime("datetime.no-timezone", BAD, "2024-01-01T00:00:00"),
  datetime("datetime.hour-24", BAD, "2024-01-01T24:00:00Z"),
  datetime("datetime.offset-without-colon", BAD, "2024-01-01T00:00:00+0000"),
  datetime("datetime.minus-zero-offset", BAD, "2024-01-01T00:00:00-00:00"),
  {
    ...datetime("datetime.february-30", OK, "2024-02-30T00:00:00Z"),
    differs: {
      ours: BAD,
      reason: "there is no 30 February; the reference's check lets JavaScript's Date roll it into March",
    },
  },
  // Record keys a create picks for a literal-key collection.
  {
    ...createProfile("create.literal-key-picked", BAD, "alice"),
    differs: {
      ours: { status: 200, outcome: "rkey self" },
      reason: "the lexicon names the key (`literal:self`); the reference picks a TID and then refuses it",
    },
  },
  {
    ...createProfile(
      "create.literal-key-picked.validate-false",
      { status: 200, outcome: "rkey <tid>" },
      "bob",
      false,
    ),
    differs: {
      ours: { status: 200, outcome: "rkey self" },
      reason: "as above: the schema's key, even unvalidated, so the profile lands where readers look",
    },
  },
  // Malformed $bytes, $link and blob-ref shapes: refused, not stored as look-alike maps.
  ...[
    ["shape.bytes-not-base64", { b: { $bytes: "!!!" } }],
    ["shape.bytes-extra-key", { b: { $bytes: "aGk", x: 1 } }],
    ["shape.link-not-cid", { l: { $link: "notacid" } }],
    ["shape.blob-ref-not-link", { f: { ...blobRef(STRANGER_BLOB, "image/png", 1), ref: STRANGER_BLOB } }],
    [
      "shape.blob-without-size",
      { f: { $type: "blob", ref: { $link: STRANGER_BLOB }, mimeType: "image/png" } },
    ],
  ].map(([name, fields]) => ({
    ...put(name as string, OK, note(fields as Record<string, unknown>)),
    differs: {
      ours: BAD,
      reason:
        "the reference stores it as a plain map that reads back as a look-alike; ours refuses the shape",
    },
  })),
  {
    ...put("shape.link-cidv0", OK, note({ l: { $link: CIDV0 } })),
    differs: {
      ours: BAD,
      reason: "atproto links are CIDv1 (the data model spec); the reference stores a v0 link",
    },
  },
  {
    ...put("shape.blob-extra-key", OK, note({ f: { ...blobRef(STRANGER_BLOB, "image/png", 1), x: 1 } })),
    differs: {
      ours: { status: 400, error: "BlobNotFound" },
      reason:
        "a blob ref with an extra key is still a blob ref: ours checks the blob; the reference stores it untracked",
    },
  },
  // Blob refs against the upload (error names) and against the field's lexicon (validation errors).
  withBlob("blob.mime-mismatch", { status: 400, error: "InvalidMimeType" }, NOTE, (b) => ({
    f: { ...b, mimeType: "image/jpeg" },
  })),
  withBlob("blob.size-mismatch", { status: 400, error: "InvalidSize" }, NOTE, (b) => ({
    f: { ...b, size: (b.size as number) + 1 },
  })),
  withBlob("blob.accept-violated", BAD, PROFILE, (b) => ({ $type: PROFILE, avatar: b })),
  write("blob.max-size-violated", BAD, "putRecord", (ctx) => ({
    repo: ctx.alice.did,
    collection: PROFILE,
    rkey: "self",
    record: { $type: PROFILE, avatar: blobRef(STRANGER_BLOB, "image/png", 5_000_000) },
  })),
  uploadCoded("blob.gzip-upload", OK, "gzip", gzipSync),
  uploadCoded("blob.encoding-unknown", { status: 415, error: "UnsupportedMediaType" }, "xyz", (b) => b),
  {
    ...uploadCoded("blob.gzip-corrupt", { status: 500, error: "InternalServerError" }, "gzip", (b) => b),
    differs: {
      ours: BAD,
      reason: "a body that does not inflate is the caller's mistake; the reference answers 500",
    },
  },
  // Swap CIDs that are not CIDs.
  write("swap.record-not-cid", BAD, "putRecord", (ctx) =>
    putFields(ctx, "swap.record-not-cid", { swapRecord: "notacid" }),
  ),
  write("swap.record-not-string", BAD, "putRecord", (ctx) =>
    putFields(ctx, "swap.record-not-string", { swapRecord: 1 }),
  ),
  write("swap.commit-not-cid", BAD, "putRecord", (ctx) =>
    putFields(ctx, "swap.commit-not-cid", { swapCommit: "bafyQQ" }),
  ),
  write("swap.delete-record-not-cid", BAD, "deleteRecord", (ctx) => ({
    repo: ctx.alice.did,
    collection: NOTE,
    rkey: "k",
    swapRecord: "notacid",
  })),
  write("swap.applyWrites-commit-not-cid", BAD, "applyWrites", (ctx) => ({
    repo: ctx.alice.did,
    writes: [],
    swapCommit: "notacid",
  })),
  {
    ...write("swap.record-cidv0", { status: 400, error: "InvalidSwap" }, "putRecord", (ctx) =>
      putFields(ctx, "swap.record-cidv0", { swapRecord: CIDV0 }),
    ),
    differs: {
      ours: BAD,
      reason:
        "atproto CIDs are v1; ours refuses a v0 CID as malformed, the reference compares it and fails the swap",
    },
  },
  // getRecord's parameters are checked before any lookup.
  getRecord("sync.getRecord.bad-rkey", "com.atproto.sync.getRecord", { collection: NOTE, rkey: ".." }),
  getRecord("sync.getRecord.rkey-with-space", "com.atproto.sync.getRecord", {
    collection: NOTE,
    rkey: "a b",
  }),
  getRecord("sync.getRecord.bad-collection", "com.atproto.sync.getRecord", {
    collection: "not an nsid",
    rkey: "k",
  }),
  getRecord("repo.getRecord.bad-rkey", "com.atproto.repo.getRecord", { collection: NOTE, rkey: ".." }),
  ...PARAM_CASES,
];
