import { Cid } from "@putrecord/repo";
import { RepoNotFoundError } from "../../../../repo/errors.js";
import { repoCarStream } from "../../../../repo/export.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { requiredParam } from "../../../input.js";
import { mapRepoErrors } from "../../../repo-errors.js";
import { optionalParam } from "../../../repo-read.js";
import { syncAccountForCaller } from "../../../sync-caller.js";

/**
 * com.atproto.sync.getRepo: the repo as a CAR; with `since`, only the blocks written after that rev.
 * Streamed from a snapshot taken when the request arrives, so the CAR is the repo at one commit
 * however many commits land while it is sent (repo/snapshot.ts); 503 NotEnoughResources when too
 * many exports are running.
 */
export const getRepo = defineRoute({
  nsid: "com.atproto.sync.getRepo",
  type: "query",
  handler: async ({ params, ctx, req }) => {
    const { did } = syncAccountForCaller(ctx, req, requiredParam(params, "did"));
    const since = optionalParam(params, "since");
    const { snapshot, head } = await mapRepoErrors(() => {
      const snapshot = ctx.repos.snapshots.open();
      const head = snapshot.attemptHead(did);
      if (head !== null) return { snapshot, head: Cid.parse(head.cid) };
      snapshot.close();
      throw new RepoNotFoundError(did);
    });
    return { encoding: "application/vnd.ipld.car", body: repoCarStream(snapshot, did, head, since) };
  },
});
