import { recordProofCar } from "@putrecord/repo";
import { defineRoute } from "../../../../xrpc/route.js";
import { formatParam } from "../../../params.js";
import { syncAccount } from "../../../sync-read.js";

/** com.atproto.sync.getRecord: a CAR proving the record's presence (or absence) under the signed head. */
export const syncGetRecord = defineRoute({
  nsid: "com.atproto.sync.getRecord",
  type: "query",
  handler: ({ params, ctx }) => {
    // Formats first: a key no repo can hold is a malformed request, not a proof of absence.
    const collection = formatParam(params, "collection", "nsid");
    const rkey = formatParam(params, "rkey", "record-key");
    const { did } = syncAccount(ctx, formatParam(params, "did", "did"));
    const car = recordProofCar(ctx.repos.blockStore(did), ctx.repos.head(did).cid, collection, rkey);
    return { encoding: "application/vnd.ipld.car", body: car };
  },
});
