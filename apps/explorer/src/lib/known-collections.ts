import type { KnownRecords } from "bluesky";

type Template = (did: string) => Record<string, unknown>;

/** A starting record for the common collections the SDK types; the user edits it before creating. */
export const RECORD_TEMPLATES: { [C in keyof KnownRecords]?: Template } = {
  "app.bsky.feed.post": () => ({
    $type: "app.bsky.feed.post",
    text: "",
    createdAt: new Date().toISOString(),
  }),
  "app.bsky.actor.profile": () => ({ $type: "app.bsky.actor.profile", displayName: "", description: "" }),
  "app.bsky.feed.like": () => ({
    $type: "app.bsky.feed.like",
    subject: { uri: "at://did:plc:…/app.bsky.feed.post/…", cid: "bafyrei…" },
    createdAt: new Date().toISOString(),
  }),
  "app.bsky.feed.repost": () => ({
    $type: "app.bsky.feed.repost",
    subject: { uri: "at://did:plc:…/app.bsky.feed.post/…", cid: "bafyrei…" },
    createdAt: new Date().toISOString(),
  }),
  "app.bsky.graph.follow": (did) => ({
    $type: "app.bsky.graph.follow",
    subject: did,
    createdAt: new Date().toISOString(),
  }),
};

/** The record NSIDs the picker offers, in picker order. */
export const KNOWN_COLLECTIONS = Object.keys(RECORD_TEMPLATES) as (keyof KnownRecords)[];

/** A template for `collection`: the known one, or an object with just `$type`. */
export function recordTemplate(collection: string, did: string): Record<string, unknown> {
  const known = RECORD_TEMPLATES[collection as keyof KnownRecords];
  return known ? known(did) : { $type: collection };
}
