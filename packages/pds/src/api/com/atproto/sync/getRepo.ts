import { RepoNotFoundError } from "../../../../store/errors.js";
import { repoCarStream } from "../../../../store/export.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { formatParam, optionalFormatParam } from "../../../params.js";
import { toRepoXrpcError } from "../../../repo-errors.js";
import { syncAccountForCaller } from "../../../sync-caller.js";

const CAR = "application/vnd.ipld.car";

/**
 * com.atproto.sync.getRepo: the repo as a CAR; with `since`, only the blocks written after that rev.
 * Streamed from a snapshot taken when the request arrives, so the CAR is the repo at one commit
 * however many commits land while it is sent (store/snapshot.ts); 503 NotEnoughResources when too
 * many exports are running. A client still reading after PDS_REPO_EXPORT_TIMEOUT_MS is cut off (a
 * warning, not a failure); a HEAD is answered from the checks alone, with no snapshot and no CAR.
 */
export const getRepo = defineRoute({
  nsid: "com.atproto.sync.getRepo",
  type: "query",
  mapErrors: toRepoXrpcError,
  handler: async ({ params, ctx, req }) => {
    const { did } = await syncAccountForCaller(ctx, req, formatParam(params, "did", "did"));
    const since = optionalFormatParam(params, "since", "tid");
    if (req.method === "HEAD") return { encoding: CAR, body: new Uint8Array() };
    const cutOff = () => {
      const { repoExportTimeoutMs } = ctx.config.reads;
      ctx.logger.warn({ did, repoExportTimeoutMs }, "getRepo cut off: still streaming at its time limit");
      req.destroy();
    };
    const snapshot = ctx.repos.snapshots.open(cutOff);
    const head = snapshot.attemptHead(did);
    if (head === null) {
      snapshot.close();
      throw new RepoNotFoundError(did);
    }
    return { encoding: CAR, body: repoCarStream(snapshot, did, head.cid, since) };
  },
});
