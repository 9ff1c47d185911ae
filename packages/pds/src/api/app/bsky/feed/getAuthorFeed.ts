import { accessStandard } from "../../../../auth/verifier.js";
import type { View } from "../../../../read-after-write/local-viewer.js";
import { type Merge, readAfterWrite } from "../../../../read-after-write/read-after-write.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { withNewestAuthorProfile } from "./author-views.js";

/** Whether the feed is the caller's own: its first item is the caller's post or repost (the reference's test). */
function isOwnFeed(feed: View[], did: string): boolean {
  const first = feed[0];
  if (!first) return false;
  const reason = first.reason as View | undefined;
  if (!reason) return ((first.post as View).author as View).did === did;
  return reason.$type === "app.bsky.feed.defs#reasonRepost" && (reason.by as View).did === did;
}

/** On the caller's own feed: its newest profile on its posts, and its newest posts in place. */
const merge: Merge = async (viewer, original, local, requester) => {
  const feed = original.feed as View[];
  if (!Array.isArray(feed) || !isOwnFeed(feed, requester)) return original;
  const updated = withNewestAuthorProfile(viewer, feed, local, requester);
  return { ...original, feed: await viewer.insertPosts(updated, local.posts) };
};

/** `app.bsky.feed.getAuthorFeed`: from the AppView, with read-after-write on the caller's own feed. */
export const getAuthorFeed = defineRoute({
  nsid: "app.bsky.feed.getAuthorFeed",
  type: "query",
  auth: accessStandard,
  handler: ({ ctx, req, auth }) => readAfterWrite(ctx, req, auth, "app.bsky.feed.getAuthorFeed", merge),
});
