import { accessStandard } from "../../../../auth/verifier.js";
import type { View } from "../../../../read-after-write/local-viewer.js";
import { type Merge, readAfterWrite } from "../../../../read-after-write/read-after-write.js";
import { defineRoute } from "../../../../xrpc/route.js";

/** The caller's own profile, wherever it is in the list, shows its newest profile record. */
const merge: Merge = async (viewer, original, local, requester) => {
  const record = local.profile?.record;
  if (!record || !Array.isArray(original.profiles)) return original;
  const profiles = (original.profiles as View[]).map((p) =>
    p.did === requester ? viewer.updateProfileDetailed(p, record) : p,
  );
  return { ...original, profiles };
};

/** `app.bsky.actor.getProfiles`: from the AppView, with read-after-write on the caller's own profile. */
export const getProfiles = defineRoute({
  nsid: "app.bsky.actor.getProfiles",
  type: "query",
  auth: accessStandard,
  handler: ({ ctx, req, auth }) => readAfterWrite(ctx, req, auth, "app.bsky.actor.getProfiles", merge),
});
