import { accessStandard } from "../../../../auth/verifier.js";
import type { View } from "../../../../read-after-write/local-viewer.js";
import { type Merge, readAfterWrite } from "../../../../read-after-write/read-after-write.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { withNewestAuthorProfile } from "./author-views.js";

/** The caller's liked posts that it wrote show its newest profile. */
const merge: Merge = async (viewer, original, local, requester) => {
  if (!Array.isArray(original.feed)) return original;
  return { ...original, feed: withNewestAuthorProfile(viewer, original.feed as View[], local, requester) };
};

/** `app.bsky.feed.getActorLikes`: from the AppView, with the caller's newest profile on its own posts. */
export const getActorLikes = defineRoute({
  nsid: "app.bsky.feed.getActorLikes",
  type: "query",
  auth: accessStandard,
  handler: ({ ctx, req, auth }) => readAfterWrite(ctx, req, auth, "app.bsky.feed.getActorLikes", merge),
});
