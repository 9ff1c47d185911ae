import { accessStandard } from "../../../../auth/verifier.js";
import { missingBlobs } from "../../../../store/repo-stats.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { intParam, optionalParam } from "../../../params.js";

/** `com.atproto.repo.listMissingBlobs`: blobs the caller's records name that were never uploaded here. */
export const listMissingBlobs = defineRoute({
  nsid: "com.atproto.repo.listMissingBlobs",
  type: "query",
  auth: accessStandard,
  handler: ({ ctx, auth, params }) => {
    const limit = intParam(params, "limit", 1, 1000, 500);
    const page = missingBlobs(ctx.db, auth.did, optionalParam(params, "cursor") ?? "", limit);
    const blobs = page.map((b) => ({ cid: b.cid, recordUri: `at://${auth.did}/${b.path}` }));
    return { encoding: "application/json", body: { blobs, cursor: blobs.at(-1)?.cid } };
  },
});
