import { decodePlcOp, didDocument } from "../../../../account/plc.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { requiredParam } from "../../../params.js";
import { readableAccount } from "../../../repo-read.js";

/** com.atproto.repo.describeRepo: the account's handle, DID document and collections. */
export const describeRepo = defineRoute({
  nsid: "com.atproto.repo.describeRepo",
  type: "query",
  handler: ({ params, ctx }) => {
    const { did, handle } = readableAccount(ctx, requiredParam(params, "repo"));
    const op = ctx.accounts.plcOperation(did);
    const didDoc = op === null ? null : didDocument(did, decodePlcOp(op));
    const handleIsCorrect = didDoc !== null && (didDoc.alsoKnownAs as string[]).includes(`at://${handle}`);
    return {
      encoding: "application/json",
      body: { handle, did, didDoc, collections: ctx.repos.records.collections(did), handleIsCorrect },
    };
  },
});
