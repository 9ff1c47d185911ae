import { defineRoute } from "../../../../xrpc/route.js";
import { intParam, optionalParam } from "../../../params.js";
import { accountStatus } from "../../../sync-read.js";

/** com.atproto.sync.listRepos: hosted repos by DID, with head, rev and status. */
export const listRepos = defineRoute({
  nsid: "com.atproto.sync.listRepos",
  type: "query",
  handler: ({ params, ctx }) => {
    const limit = intParam(params, "limit", 1, 1000, 500);
    const rows = ctx.repos.roots.list(optionalParam(params, "cursor") ?? "", limit);
    const repos = rows.flatMap((row) => {
      const account = ctx.accounts.getAccount(row.did);
      return account === null
        ? []
        : [{ did: row.did, head: row.cid, rev: row.rev, ...accountStatus(account) }];
    });
    const cursor = rows.length === limit ? rows.at(-1)?.did : undefined;
    return { encoding: "application/json", body: { cursor, repos } };
  },
});
