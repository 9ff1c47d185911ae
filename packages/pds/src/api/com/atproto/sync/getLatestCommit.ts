import { defineRoute } from "../../../../xrpc/route.js";
import { formatParam } from "../../../input.js";
import { syncAccount } from "../../../sync-read.js";

/** com.atproto.sync.getLatestCommit: the repo head's CID and rev. */
export const getLatestCommit = defineRoute({
  nsid: "com.atproto.sync.getLatestCommit",
  type: "query",
  handler: ({ params, ctx }) => {
    const { did } = syncAccount(ctx, formatParam(params, "did", "did"));
    const { cid, rev } = ctx.repos.head(did);
    return { encoding: "application/json", body: { cid, rev } };
  },
});
