import { ensureValidNsid, ensureValidRecordKey, ensureValidTid } from "@atproto/syntax";

/**
 * Checks an rkey against a lexicon key type (`any`, `tid`, `nsid`, `literal:<v>`); returns the
 * reason it fails, or null. Messages follow the reference ("Expected "self" (got "other")").
 */
export function recordKeyProblem(keyType: string, rkey: string): string | null {
  if (keyType.startsWith("literal:")) {
    const literal = keyType.slice("literal:".length);
    return rkey === literal ? null : `Expected ${JSON.stringify(literal)} (got ${JSON.stringify(rkey)})`;
  }
  try {
    if (keyType === "tid") ensureValidTid(rkey);
    else if (keyType === "nsid") ensureValidNsid(rkey);
    else ensureValidRecordKey(rkey);
    return null;
  } catch {
    const what = keyType === "tid" ? "TID" : keyType === "nsid" ? "NSID" : "record key";
    return `Invalid ${what} string (got ${JSON.stringify(rkey)})`;
  }
}
