import { listBlobCids } from "../../../../store/repo-stats.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { formatParam, intParam, optionalParam } from "../../../params.js";
import { syncAccountForCaller } from "../../../sync-caller.js";

/** `com.atproto.sync.listBlobs`: the CIDs of the blobs the repo's records name (since a rev if asked). */
export const listBlobs = defineRoute({
  nsid: "com.atproto.sync.listBlobs",
  type: "query",
  handler: async ({ ctx, params, req }) => {
    const { did } = await syncAccountForCaller(ctx, req, formatParam(params, "did", "did"));
    const limit = intParam(params, "limit", 1, 1000, 500);
    const cids = listBlobCids(ctx.db, did, {
      cursor: optionalParam(params, "cursor") ?? "",
      limit,
      since: optionalParam(params, "since"),
    });
    return { encoding: "application/json", body: { cursor: cids.at(-1), cids } };
  },
});
