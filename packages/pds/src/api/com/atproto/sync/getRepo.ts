import { RepoNotFoundError } from "../../../../store/errors.js";
import { repoCarStream } from "../../../../store/export.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { optionalParam, requiredParam } from "../../../params.js";
import { toRepoXrpcError } from "../../../repo-errors.js";
import { syncAccount } from "../../../sync-read.js";

/**
 * com.atproto.sync.getRepo: the repo as a CAR; with `since`, only the blocks written after that rev.
 * Streamed from a snapshot taken when the request arrives, so the CAR is the repo at one commit
 * however many commits land while it is sent (store/snapshot.ts); 503 NotEnoughResources when too
 * many exports are running.
 */
export const getRepo = defineRoute({
  nsid: "com.atproto.sync.getRepo",
  type: "query",
  mapErrors: toRepoXrpcError,
  handler: ({ params, ctx }) => {
    const { did } = syncAccount(ctx, requiredParam(params, "did"));
    const since = optionalParam(params, "since");
    const snapshot = ctx.repos.snapshots.open();
    const head = snapshot.attemptHead(did);
    if (head === null) {
      snapshot.close();
      throw new RepoNotFoundError(did);
    }
    return { encoding: "application/vnd.ipld.car", body: repoCarStream(snapshot, did, head.cid, since) };
  },
});
