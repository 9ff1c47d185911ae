import type { LocalRecords } from "../../../../read-after-write/local-records.js";
import type { LocalViewer, View } from "../../../../read-after-write/local-viewer.js";

/** Feed items by `did` show the name and avatar of its newest profile record. */
export function withNewestAuthorProfile(
  viewer: LocalViewer,
  feed: View[],
  local: LocalRecords,
  did: string,
): View[] {
  const record = local.profile?.record;
  if (!record) return feed;
  return feed.map((item) => {
    const post = item.post as View;
    const author = post.author as View;
    if (author.did !== did) return item;
    return { ...item, post: { ...post, author: viewer.updateProfileBasic(author, record) } };
  });
}
