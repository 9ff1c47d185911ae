import { accessStandard } from "../../../../auth/verifier.js";
import type { Merge } from "../../../../read-after-write/read-after-write.js";
import { readAfterWrite } from "../../../../read-after-write/read-after-write.js";
import { defineRoute } from "../../../../xrpc/route.js";

/** The caller's own profile shows its newest profile record. */
const merge: Merge = async (viewer, original, local, requester) => {
  if (!local.profile || original.did !== requester) return original;
  return viewer.updateProfileDetailed(original, local.profile.record);
};

/** `app.bsky.actor.getProfile`: from the AppView, with read-after-write on the caller's own profile. */
export const getProfile = defineRoute({
  nsid: "app.bsky.actor.getProfile",
  type: "query",
  auth: accessStandard,
  handler: ({ ctx, req, auth }) => readAfterWrite(ctx, req, auth, "app.bsky.actor.getProfile", merge),
});
