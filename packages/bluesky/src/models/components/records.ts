import type { JsonObject } from "./json.js";

/** A strong reference to a record (`com.atproto.repo.strongRef`). */
export type StrongRef = { uri: string; cid: string };

/** A blob reference as records carry it (`$type: "blob"`). */
export type BlobRef = { $type: "blob"; ref: { $link: string }; mimeType: string; size: number };

/** `app.bsky.feed.post`, the fields most callers set; other fields pass as JSON. */
export type AppBskyFeedPost = JsonObject & {
  $type?: "app.bsky.feed.post";
  text: string;
  createdAt: string;
  langs?: string[];
  reply?: { root: StrongRef; parent: StrongRef };
};

/** `app.bsky.feed.like`. */
export type AppBskyFeedLike = JsonObject & {
  $type?: "app.bsky.feed.like";
  subject: StrongRef;
  createdAt: string;
};

/** `app.bsky.feed.repost`. */
export type AppBskyFeedRepost = JsonObject & {
  $type?: "app.bsky.feed.repost";
  subject: StrongRef;
  createdAt: string;
};

/** `app.bsky.graph.follow`. */
export type AppBskyGraphFollow = JsonObject & {
  $type?: "app.bsky.graph.follow";
  subject: string;
  createdAt: string;
};

/** `app.bsky.actor.profile` (rkey `self`). */
export type AppBskyActorProfile = JsonObject & {
  $type?: "app.bsky.actor.profile";
  displayName?: string;
  description?: string;
  avatar?: BlobRef;
  banner?: BlobRef;
};

/** Record types by collection NSID: writes to these collections are checked against them. */
export interface KnownRecords {
  "app.bsky.feed.post": AppBskyFeedPost;
  "app.bsky.feed.like": AppBskyFeedLike;
  "app.bsky.feed.repost": AppBskyFeedRepost;
  "app.bsky.graph.follow": AppBskyGraphFollow;
  "app.bsky.actor.profile": AppBskyActorProfile;
}

/** The record type of collection `C`: its known type, or any JSON object. */
export type RecordOf<C extends string> = C extends keyof KnownRecords ? KnownRecords[C] : JsonObject;
