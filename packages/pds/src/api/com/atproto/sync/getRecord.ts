import { Cid, recordProofCar } from "@putrecord/repo";
import { defineRoute } from "../../../../xrpc/route.js";
import { requiredParam } from "../../../input.js";
import { syncAccount } from "../../../sync-read.js";

/** com.atproto.sync.getRecord: a CAR proving the record's presence (or absence) under the signed head. */
export const syncGetRecord = defineRoute({
  nsid: "com.atproto.sync.getRecord",
  type: "query",
  handler: ({ params, ctx }) => {
    const { did } = syncAccount(ctx, requiredParam(params, "did"));
    const head = Cid.parse(ctx.repos.head(did).cid);
    const car = recordProofCar(
      ctx.repos.blockStore(did),
      head,
      requiredParam(params, "collection"),
      requiredParam(params, "rkey"),
    );
    return { encoding: "application/vnd.ipld.car", body: car };
  },
});
