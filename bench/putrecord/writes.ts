// The putRecord calls the workloads are made of. Every target gets byte-for-byte the same kind of request.
import { Tid } from "@putrecord/repo";
import type { Account, Target } from "../../peers/target.js";
import { postXrpc } from "./http-client.js";
import type { Write } from "./measure.js";

/**
 * The collection written: by default an unknown lexicon, validated nowhere, so both servers do the same
 * work; `--collection app.bsky.feed.post` makes both validate every record (the note is a valid post).
 */
export let COLLECTION = "com.example.note";

export function useCollection(nsid: string): void {
  COLLECTION = nsid;
}

/** A small record, about 100 bytes of JSON, different on every call so no put is a no-op. */
export function note(n: number): Record<string, unknown> {
  return { $type: COLLECTION, text: `note ${n}`, createdAt: new Date().toISOString() };
}

/** A write that creates a new record under a fresh TID rkey (the way clients create records). */
export function createWrite(target: Target, account: Account): Write {
  let n = 0;
  return async () => {
    await putRecord(target, account, Tid.next(), note(n++));
  };
}

/** A write that updates the same rkey again and again with new content. */
export function updateWrite(target: Target, account: Account, rkey: string): Write {
  let n = 0;
  return async () => {
    await putRecord(target, account, rkey, note(n++));
  };
}

/** One com.atproto.repo.putRecord that must succeed. */
export async function putRecord(
  target: Target,
  account: Account,
  rkey: string,
  record: Record<string, unknown>,
): Promise<void> {
  await postXrpc(target.url, "com.atproto.repo.putRecord", account.accessJwt, {
    repo: account.did,
    collection: COLLECTION,
    rkey,
    record,
  });
}
