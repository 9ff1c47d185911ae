/*
 * Lexicon string formats, from @atcute/lexicons/syntax: ESM and tree-shakeable, so a bundle pays only for
 * the three checks it uses (about 0.7 KB gzipped). @atproto/syntax ships CommonJS and costs 2.5 KB for
 * the same three; the tests run both over the interop vectors.
 */
import {
  isNsid as atcuteIsNsid,
  isRecordKey as atcuteIsRecordKey,
  isActorIdentifier,
  isDatetime,
  isDid,
  isGenericUri,
  isHandle,
  isLanguageCode,
  isResourceUri,
  isTid,
} from "@atcute/lexicons/syntax";
import { type Schema, str } from "./schema.js";

/** True for a DID or a handle (lexicon format `at-identifier`). */
export function isAtIdentifier(s: string): boolean {
  return isActorIdentifier(s);
}

/** True for a namespaced identifier such as `app.bsky.feed.post` (format `nsid`). */
export function isNsid(s: string): boolean {
  return atcuteIsNsid(s);
}

/** True for a record key: 1–512 of `A-Za-z0-9._~:-`, not `.` or `..` (format `record-key`). */
export function isRecordKey(s: string): boolean {
  return atcuteIsRecordKey(s);
}

const CID_SYNTAX = /^[a-zA-Z0-9+=]{8,256}$/;

/**
 * True for the string form of a CID (format `cid`), checked as the atproto spec and the Go reference
 * (indigo `atproto/syntax/cid.go`) check it. Neither syntax library fits: @atproto/syntax has no CID
 * check, and atcute's accepts only DASL CIDs (`bafyrei…`), refusing valid CIDs in other bases. CIDv0
 * (`Qmb…`) is refused.
 */
export function isCidSyntax(s: string): boolean {
  return CID_SYNTAX.test(s) && !s.startsWith("Qmb");
}

/** Schema for an `at-identifier` field. */
export const atIdentifier: Schema = /* @__PURE__ */ str(isAtIdentifier, "a DID or handle");
/** Schema for an `nsid` field. */
export const nsid: Schema = /* @__PURE__ */ str(isNsid, "an NSID");
/** Schema for a `record-key` field (lexicon maxLength 512). */
export const recordKey: Schema = /* @__PURE__ */ str(isRecordKey, "a record key", 512);
/** Schema for a `cid` field. */
export const cid: Schema = /* @__PURE__ */ str(isCidSyntax, "a CID");
/** Schema for a `did` field. */
export const did: Schema = /* @__PURE__ */ str(isDid, "a DID");
/** Schema for a `handle` field. */
export const handle: Schema = /* @__PURE__ */ str(isHandle, "a handle");
/** Schema for an `at-uri` field. */
export const atUri: Schema = /* @__PURE__ */ str(isResourceUri, "an at:// URI");
/** Schema for a `datetime` field (RFC 3339 with a timezone, as the lexicon spec requires). */
export const datetime: Schema = /* @__PURE__ */ str(isDatetime, "a datetime");
/** Schema for a `uri` field. */
export const uri: Schema = /* @__PURE__ */ str(isGenericUri, "a URI");
/** Schema for a `language` field (BCP 47). */
export const language: Schema = /* @__PURE__ */ str(isLanguageCode, "a language code");
/** Schema for a `tid` field. */
export const tid: Schema = /* @__PURE__ */ str(isTid, "a TID");

/** Every lexicon string format and its test, for the opt-in validator (src/lib/lex). */
export const FORMAT_TESTS: Record<string, (s: string) => boolean> = {
  "at-identifier": isAtIdentifier,
  "at-uri": isResourceUri,
  cid: isCidSyntax,
  datetime: isDatetime,
  did: isDid,
  handle: isHandle,
  language: isLanguageCode,
  nsid: isNsid,
  "record-key": isRecordKey,
  tid: isTid,
  uri: isGenericUri,
};
