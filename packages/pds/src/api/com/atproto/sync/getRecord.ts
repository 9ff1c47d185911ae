import { Cid, recordProofCar } from "@putrecord/repo";
import { defineRoute } from "../../../../xrpc/route.js";
import { formatParam } from "../../../input.js";
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
    const head = Cid.parse(ctx.repos.head(did).cid);
    const car = recordProofCar(ctx.repos.blockStore(did), head, collection, rkey);
    return { encoding: "application/vnd.ipld.car", body: car };
  },
});
