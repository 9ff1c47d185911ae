import { accessStandard } from "../../../../auth/verifier.js";
import type { View } from "../../../../read-after-write/local-viewer.js";
import { type Merge, readAfterWrite } from "../../../../read-after-write/read-after-write.js";
import { defineRoute } from "../../../../xrpc/route.js";

/** The caller's newest posts take their places in the timeline. */
const merge: Merge = async (viewer, original, local) => {
  if (!Array.isArray(original.feed)) return original;
  return { ...original, feed: await viewer.insertPosts(original.feed as View[], local.posts) };
};

/** `app.bsky.feed.getTimeline`: from the AppView, with the caller's posts it has not indexed yet. */
export const getTimeline = defineRoute({
  nsid: "app.bsky.feed.getTimeline",
  type: "query",
  auth: accessStandard,
  handler: ({ ctx, req, auth }) => readAfterWrite(ctx, req, auth, "app.bsky.feed.getTimeline", merge),
});
