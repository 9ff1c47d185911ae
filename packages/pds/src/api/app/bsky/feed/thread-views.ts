import type { LocalRecord } from "../../../../read-after-write/local-records.js";
import type { LocalViewer, View } from "../../../../read-after-write/local-viewer.js";

const THREAD_VIEW_POST = "app.bsky.feed.defs#threadViewPost";

/** Whether a thread node is a post (not a "not found" or "blocked" stub). */
export const isThreadPost = (node: unknown): node is View =>
  (node as View | null)?.$type === THREAD_VIEW_POST;

/** The `reply.root` or `reply.parent` URI of a post record, or undefined. */
function replyRef(record: unknown, field: "root" | "parent"): string | undefined {
  const uri = ((record as View).reply as Record<string, View> | undefined)?.[field]?.uri;
  return typeof uri === "string" ? uri : undefined;
}

/** A thread node for one of the account's posts. */
export async function threadPost(viewer: LocalViewer, local: LocalRecord): Promise<View | null> {
  const post = await viewer.post(local);
  return post === null ? null : { $type: THREAD_VIEW_POST, post };
}

/** Puts the account's replies under the posts they answer, anywhere in `thread` (newest first). */
export async function addRepliesToThread(
  viewer: LocalViewer,
  thread: View,
  posts: LocalRecord[],
): Promise<View> {
  const threadPostView = thread.post as View;
  const root = replyRef(threadPostView.record, "root") ?? threadPostView.uri;
  let out = thread;
  for (const local of posts.filter((p) => replyRef(p.record, "root") === root)) {
    out = await insertReply(viewer, out, local);
  }
  return out;
}

async function insertReply(viewer: LocalViewer, node: View, local: LocalRecord): Promise<View> {
  if (replyRef(local.record, "parent") === (node.post as View).uri) {
    const reply = await threadPost(viewer, local);
    return reply ? { ...node, replies: [reply, ...((node.replies as View[]) ?? [])] } : node;
  }
  if (!Array.isArray(node.replies)) return node;
  const replies = await Promise.all(
    (node.replies as View[]).map((r) => (isThreadPost(r) ? insertReply(viewer, r, local) : r)),
  );
  return { ...node, replies };
}

/** The post a thread node's post replies to, or undefined. */
export function parentUri(node: View): string | undefined {
  return replyRef((node.post as View).record, "parent");
}
