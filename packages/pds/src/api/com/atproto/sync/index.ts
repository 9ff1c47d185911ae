import type { HttpApp } from "../../../../server.js";
import { getBlob } from "./getBlob.js";
import { getBlocks } from "./getBlocks.js";
import { getLatestCommit } from "./getLatestCommit.js";
import { syncGetRecord } from "./getRecord.js";
import { getRepo } from "./getRepo.js";
import { getRepoStatus } from "./getRepoStatus.js";
import { listBlobs } from "./listBlobs.js";
import { listRepos } from "./listRepos.js";
import { subscribeRepos } from "./subscribeRepos.js";

/** Registers every com.atproto.sync method, the firehose as a WebSocket upgrade. */
export function registerSyncRoutes(app: HttpApp): void {
  app.router.add(
    getRepo,
    syncGetRecord,
    getLatestCommit,
    getRepoStatus,
    listRepos,
    getBlob,
    listBlobs,
    getBlocks,
  );
  app.upgrades.set("com.atproto.sync.subscribeRepos", subscribeRepos(app.router.ctx));
}
