import { accessStandard } from "../../../../auth/verifier.js";
import { whyNotHostedHere } from "../../../../identity/hosted-here.js";
import { repoStats } from "../../../../store/repo-stats.js";
import { defineRoute } from "../../../../xrpc/route.js";

/**
 * `com.atproto.server.checkAccountStatus`: where a migration stands for the caller's account here:
 * active or not, whether its DID document makes this server its host, and what its repo holds.
 */
export const checkAccountStatus = defineRoute({
  nsid: "com.atproto.server.checkAccountStatus",
  type: "query",
  auth: accessStandard,
  handler: async ({ ctx, auth }) => {
    const head = ctx.repos.head(auth.did);
    const account = ctx.accounts.getAccount(auth.did);
    return {
      encoding: "application/json",
      body: {
        activated: account?.deactivatedAt === null,
        validDid: (await whyNotHostedHere(ctx, auth.did)) === null,
        repoCommit: head.cid.toString(),
        repoRev: head.rev,
        ...repoStats(ctx.db, auth.did),
        privateStateValues: 0,
      },
    };
  },
});
