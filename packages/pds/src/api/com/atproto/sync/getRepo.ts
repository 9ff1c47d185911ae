import { Cid, exportRepoCar } from "@putrecord/repo";
import { exportSinceCar } from "../../../../repo/export.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { requiredParam } from "../../../input.js";
import { optionalParam } from "../../../repo-read.js";
import { syncAccount } from "../../../sync-read.js";

/**
 * com.atproto.sync.getRepo: the repo as a CAR; with `since`, only the blocks written after that rev.
 * Built in memory in one synchronous step so a concurrent commit cannot remove blocks mid-export.
 */
export const getRepo = defineRoute({
  nsid: "com.atproto.sync.getRepo",
  type: "query",
  handler: ({ params, ctx }) => {
    const { did } = syncAccount(ctx, requiredParam(params, "did"));
    const since = optionalParam(params, "since");
    const store = ctx.repos.blockStore(did);
    const head = Cid.parse(ctx.repos.head(did).cid);
    const car = since === undefined ? exportRepoCar(store, head) : exportSinceCar(store, head, since);
    return { encoding: "application/vnd.ipld.car", body: car };
  },
});
