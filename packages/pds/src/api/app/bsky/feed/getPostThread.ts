import type { AccessAuth } from "../../../../auth/verifier.js";
import { accessStandard } from "../../../../auth/verifier.js";
import type { AppContext } from "../../../../context.js";
import { appViewQuery } from "../../../../proxy/appview-query.js";
import { UpstreamError } from "../../../../proxy/upstream-error.js";
import { localLag, recordsSinceRev } from "../../../../read-after-write/local-records.js";
import { LocalViewer, type View } from "../../../../read-after-write/local-viewer.js";
import { type Merge, mergedOutput, readAfterWrite } from "../../../../read-after-write/read-after-write.js";
import type { HandlerOutput, Params } from "../../../../xrpc/route.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { addRepliesToThread, isThreadPost, parentUri, threadPost } from "./thread-views.js";

const NSID = "app.bsky.feed.getPostThread";

/** The caller's replies the AppView has not indexed yet appear in the thread. */
const merge: Merge = async (viewer, original, local) => {
  if (!isThreadPost(original.thread)) return original;
  return { ...original, thread: await addRepliesToThread(viewer, original.thread, local.posts) };
};

/**
 * When the AppView does not know the post yet and it is the caller's own: the thread built from the
 * caller's newest posts, under the parent the AppView does know. Null when that is not the case.
 */
async function ownPostNotYetIndexed(
  ctx: AppContext,
  auth: AccessAuth,
  params: Params,
  rev: string,
): Promise<HandlerOutput | null> {
  const uri = typeof params.uri === "string" ? params.uri : "";
  const match = /^at:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) return null;
  const author = match[1]!.startsWith("did:") ? match[1]! : ctx.accounts.getAccount(match[1]!)?.did;
  if (author !== auth.did) return null;
  const wanted = `at://${author}/${match[2]}`;
  const local = recordsSinceRev(ctx, auth.did, rev);
  const found = local.posts.find((p) => p.uri === wanted);
  if (!found) return null;
  const viewer = new LocalViewer(ctx, auth.did);
  const own = await threadPost(viewer, found);
  if (own === null) return null;
  const thread: View = await addRepliesToThread(
    viewer,
    own,
    local.posts.filter((p) => p !== found),
  );
  const parent = parentUri(thread);
  if (parent !== undefined) {
    const height = typeof params.parentHeight === "string" ? params.parentHeight : undefined;
    const above = await appViewQuery(ctx, auth.did, NSID, {
      uri: parent,
      parentHeight: height,
      depth: "0",
    }).catch(() => null);
    if (above?.thread) thread.parent = above.thread;
  }
  return mergedOutput({ thread }, localLag(local));
}

/**
 * `app.bsky.feed.getPostThread`: from the AppView, with the caller's newest replies in place, and the
 * caller's own post shown even before the AppView has it (its NotFound answered from here).
 */
export const getPostThread = defineRoute({
  nsid: NSID,
  type: "query",
  auth: accessStandard,
  handler: async ({ ctx, req, auth, params }) => {
    try {
      return await readAfterWrite(ctx, req, auth, NSID, merge);
    } catch (err) {
      const rev = err instanceof UpstreamError ? err.upstreamHeaders["atproto-repo-rev"] : undefined;
      if (!(err instanceof UpstreamError) || err.error !== "NotFound" || typeof rev !== "string") throw err;
      const own = await ownPostNotYetIndexed(ctx, auth, params, rev);
      if (own === null) throw err;
      return own;
    }
  },
});
