/** A record version: its CID and value. */
export type Version = { cid: string; value: Record<string, unknown> };

/** Unsaved edits of one record and the version they started from. */
export type Draft = { text: string; base: Version };

// sessionStorage, so switching records or reloading the tab never drops typed edits.
const PREFIX = "explorer.draft:";

/** The unsaved edits of the record at `uri`, if any. */
export function attemptLoadDraft(uri: string): Draft | null {
  const raw = sessionStorage.getItem(PREFIX + uri);
  return raw === null ? null : (JSON.parse(raw) as Draft);
}

/** Keeps the edits of `uri`, or forgets them when `draft` is null (saved, or nothing changed). */
export function storeDraft(uri: string, draft: Draft | null): void {
  if (draft === null) sessionStorage.removeItem(PREFIX + uri);
  else sessionStorage.setItem(PREFIX + uri, JSON.stringify(draft));
}
