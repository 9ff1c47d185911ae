// The requests behind input-cases.ts: alice's writes and reads sent raw (rawXrpc), so any header, coding
// or byte can be sent, and case builders for each kind of input. Nothing here knows which server it calls.
import { canonicalJson } from "../../../repo/test/canonical-json.js";
import { type CaseContext, ConformanceCheckError, type Expected } from "./cases.js";
import { type RawRequest, type RawResponse, rawXrpc } from "./raw-http.js";

export const NOTE = "com.example.note";
export const PROFILE = "app.bsky.actor.profile";
const POST = "app.bsky.feed.post";
export const WRITE_LIMIT = 1_000_000;
// A well-formed raw-codec CID that names no blob on any server.
export const STRANGER_BLOB = "bafkreie5737gdxlw5i64vzichcalba3z2v5n6icifvxkbxz4ut6ezd6whq";
export const CIDV0 = "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG";
const TID = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;

export const OK: Expected = { status: 200 };
export const BAD: Expected = { status: 400, error: "InvalidRequest" };
export const BAD_JSON: Expected = { status: 400, error: "SyntaxError" };
export const TOO_LARGE: Expected = { status: 413, error: "PayloadTooLargeError" };
export const UNSUPPORTED: Expected = { status: 415, error: "UnsupportedMediaTypeError" };
export const ALTERED: Expected = { status: 200, outcome: "altered" };

/** A repo method called by alice with a raw body and headers (content type JSON unless overridden). */
export function aliceRaw(ctx: CaseContext, method: string, req: RawRequest): Promise<RawResponse> {
  const headers: Record<string, string> = { "content-type": "application/json", ...req.headers };
  headers.authorization = `Bearer ${ctx.alice.accessJwt}`;
  return rawXrpc(ctx.target.url, `com.atproto.repo.${method}`, { ...req, headers });
}

/** The JSON text of alice's putRecord of `record` (given as JSON text, so any escape can be sent). */
export function putText(
  ctx: CaseContext,
  rkey: string,
  record: string,
  collection = NOTE,
  extra = "",
): string {
  return `{"repo":"${ctx.alice.did}","collection":"${collection}","rkey":"${rkey}"${extra},"record":${record}}`;
}

/** A putRecord case whose body is `record` as JSON text, sent with `req`'s headers and framing. */
export function put(name: string, expect: Expected, record: string, req: RawRequest = {}, collection = NOTE) {
  return {
    name,
    expect,
    run: (ctx: CaseContext) =>
      aliceRaw(ctx, "putRecord", { ...req, body: putText(ctx, name, record, collection) }),
  };
}

/** Like `put`, with the whole body's bytes made by `encode` from its JSON text (compression, charsets). */
export function putEncoded(
  name: string,
  expect: Expected,
  headers: Record<string, string>,
  encode: (text: string) => Uint8Array,
  record = '{"text":"coded"}',
) {
  return {
    name,
    expect,
    run: (ctx: CaseContext) =>
      aliceRaw(ctx, "putRecord", { headers, body: encode(putText(ctx, name, record)) }),
  };
}

/**
 * Writes `record` (JSON text with `$type` set, or raw bytes) and reads it back: the outcome is "altered"
 * when the read differs from the JSON written (raw bytes that are not UTF-8 can only come back altered).
 */
export function roundTrip(name: string, expect: Expected, record: string | Uint8Array) {
  return {
    name,
    expect,
    run: async (ctx: CaseContext) => {
      const [head, tail] = putText(ctx, name, "\0").split("\0");
      const body = Buffer.concat([Buffer.from(head!), Buffer.from(record), Buffer.from(tail!)]);
      const res = await aliceRaw(ctx, "putRecord", { body });
      if (res.status !== 200) return res;
      const got = await rawXrpc(ctx.target.url, "com.atproto.repo.getRecord", {
        params: { repo: ctx.alice.did, collection: NOTE, rkey: name },
      });
      const read = canonicalJson((got.body as { value?: unknown }).value);
      const same = typeof record === "string" && read === canonicalJson(JSON.parse(record));
      return { ...res, outcome: same ? undefined : "altered" };
    },
  };
}

/** Uploads `bytes` as alice and returns the blob ref the server answered. */
async function upload(
  ctx: CaseContext,
  bytes: Uint8Array,
  mimeType: string,
): Promise<Record<string, unknown>> {
  const res = await aliceRaw(ctx, "uploadBlob", { body: bytes, headers: { "content-type": mimeType } });
  if (res.status !== 200) throw new ConformanceCheckError(`uploadBlob answered ${res.status}`);
  return (res.body as { blob: Record<string, unknown> }).blob;
}

/**
 * An uploadBlob of some text with Content-Encoding `coding`, its bytes made by `code`; a 200 must store
 * the decoded bytes (its size is the text's).
 */
export function uploadCoded(name: string, expect: Expected, coding: string, code: (b: Buffer) => Uint8Array) {
  return {
    name,
    expect,
    run: async (ctx: CaseContext) => {
      const text = Buffer.from(`a blob sent ${coding}-coded `.repeat(20));
      const res = await aliceRaw(ctx, "uploadBlob", {
        body: code(text),
        headers: { "content-type": "text/plain", "content-encoding": coding },
      });
      const size = (res.body as { blob?: { size?: number } }).blob?.size;
      if (res.status === 200 && size !== text.length) {
        throw new ConformanceCheckError(`stored ${size} bytes, not the decoded ${text.length}`);
      }
      return res;
    },
  };
}

/** A putRecord of `record(blob)` after uploading a small text blob. */
export function withBlob(
  name: string,
  expect: Expected,
  collection: string,
  record: (blob: Record<string, unknown>) => unknown,
) {
  return {
    name,
    expect,
    run: async (ctx: CaseContext) => {
      const blob = await upload(ctx, Buffer.from(`text blob for ${name}`), "text/plain");
      const rkey = collection === PROFILE ? "self" : name;
      const body = { repo: ctx.alice.did, collection, rkey, record: record(blob) };
      return aliceRaw(ctx, "putRecord", { body: JSON.stringify(body) });
    },
  };
}

/** A createRecord of a profile with no rkey by `who`: the outcome names the key the server picked. */
export function createProfile(name: string, expect: Expected, who: "alice" | "bob", validate?: boolean) {
  return {
    name,
    expect,
    run: async (ctx: CaseContext) => {
      const account = ctx[who];
      const body = { repo: account.did, collection: PROFILE, record: { displayName: "p" }, validate };
      const res = await rawXrpc(ctx.target.url, "com.atproto.repo.createRecord", {
        body: JSON.stringify(body),
        headers: { "content-type": "application/json", authorization: `Bearer ${account.accessJwt}` },
      });
      if (res.status !== 200) return res;
      const rkey = String((res.body as { uri: string }).uri.split("/").pop());
      return { ...res, outcome: `rkey ${TID.test(rkey) ? "<tid>" : rkey}` };
    },
  };
}

/** A post with `createdAt` as given (validated: the collection is known). */
export function datetime(name: string, expect: Expected, createdAt: string) {
  const record = JSON.stringify({ $type: POST, text: "t", createdAt });
  return {
    name,
    expect,
    run: (ctx: CaseContext) => aliceRaw(ctx, "putRecord", { body: putText(ctx, tidFor(name), record, POST) }),
  };
}

/** A distinct valid TID per case name (posts need TID keys). */
function tidFor(name: string): string {
  let n = 0;
  for (const c of name) n = (n * 31 + c.charCodeAt(0)) % 2 ** 30;
  const alphabet = "234567abcdefghijklmnopqrstuvwxyz";
  let out = "3jz";
  for (let i = 0; i < 10; i++) out += alphabet[(n >> (i * 3)) % 32];
  return out;
}

/** A repo write by alice with JSON `body` (object) sent as is. */
export function write(name: string, expect: Expected, method: string, body: (ctx: CaseContext) => unknown) {
  return {
    name,
    expect,
    run: (ctx: CaseContext) => aliceRaw(ctx, method, { body: JSON.stringify(body(ctx)) }),
  };
}

/** A getRecord (repo or sync) with these parameters for alice's repo. */
export function getRecord(name: string, nsid: string, params: Record<string, string>, rawQuery?: string) {
  return {
    name,
    expect: BAD,
    run: (ctx: CaseContext) => {
      const who: Record<string, string> = nsid.includes(".sync.")
        ? { did: ctx.alice.did }
        : { repo: ctx.alice.did };
      return rawXrpc(ctx.target.url, nsid, { params: { ...who, ...params }, rawQuery });
    },
  };
}

/** A putRecord body for alice with `fields` over a small record (swap cases). */
export function putFields(
  ctx: CaseContext,
  rkey: string,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  return { repo: ctx.alice.did, collection: NOTE, rkey, record: { text: "s" }, ...fields };
}

/** A typed blob ref (JSON form). */
export const blobRef = (cid: string, mimeType: string, size: unknown) => ({
  $type: "blob",
  ref: { $link: cid },
  mimeType,
  size,
});
/** A com.example.note record with `fields`, as JSON text. */
export const note = (fields: Record<string, unknown>) => JSON.stringify({ $type: NOTE, ...fields });
/** The text as UTF-8 after a BOM. */
export const bomBytes = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
/** 2 MB of JSON that gzips to about 2 KB. */
export const bomb = JSON.stringify({ text: "x".repeat(2 * WRITE_LIMIT) });
