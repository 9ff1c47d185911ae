import { decodePlcOp, didDocument } from "../../../../account/plc.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { formatParam } from "../../../input.js";
import { syncAccount } from "../../../sync-read.js";

/** com.atproto.repo.describeRepo: the account's handle, DID document and collections (active repos only). */
export const describeRepo = defineRoute({
  nsid: "com.atproto.repo.describeRepo",
  type: "query",
  handler: ({ params, ctx }) => {
    const { did, handle } = syncAccount(ctx, formatParam(params, "repo", "at-identifier"));
    const op = ctx.accounts.plcOperation(did);
    const didDoc = op === null ? null : didDocument(did, decodePlcOp(op));
    const handleIsCorrect = didDoc !== null && (didDoc.alsoKnownAs as string[]).includes(`at://${handle}`);
    return {
      encoding: "application/json",
      body: { handle, did, didDoc, collections: ctx.repos.records.collections(did), handleIsCorrect },
    };
  },
});
