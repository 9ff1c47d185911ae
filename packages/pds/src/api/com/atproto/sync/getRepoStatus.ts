import { defineRoute } from "../../../../xrpc/route.js";
import { formatParam } from "../../../input.js";
import { accountStatus, syncAccount } from "../../../sync-read.js";

/** com.atproto.sync.getRepoStatus: whether the repo is active, why not, and its rev when active. */
export const getRepoStatus = defineRoute({
  nsid: "com.atproto.sync.getRepoStatus",
  type: "query",
  handler: ({ params, ctx }) => {
    const account = syncAccount(ctx, formatParam(params, "did", "did"), true);
    const status = accountStatus(account);
    const rev = status.active ? ctx.repos.head(account.did).rev : undefined;
    return { encoding: "application/json", body: { did: account.did, ...status, rev } };
  },
});
