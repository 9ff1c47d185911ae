import { cellRoutes } from "../cell/index.js";
import { proxyUnknownMethod } from "../proxy/catchall.js";
import type { HttpApp } from "../server.js";
import { appBskyRoutes } from "./app/bsky/index.js";
import { updateSubjectStatus } from "./com/atproto/admin/updateSubjectStatus.js";
import { identityRoutes } from "./com/atproto/identity/index.js";
import { repoRoutes } from "./com/atproto/repo/index.js";
import { serverRoutes } from "./com/atproto/server/index.js";
import { registerSyncRoutes } from "./com/atproto/sync/index.js";
import { health } from "./health.js";
import { atprotoDid } from "./well-known.js";

/** Registers every route the PDS serves. One file per XRPC method, named by its NSID. */
export function registerRoutes(app: HttpApp): void {
  app.router.add(health);
  const accountRoutes = [...serverRoutes, ...identityRoutes, updateSubjectStatus];
  const { entryway } = app.router.ctx.config;
  app.router.add(...(entryway ? cellRoutes(entryway, accountRoutes) : accountRoutes));
  app.router.add(...repoRoutes);
  app.router.add(...appBskyRoutes(app.router.ctx.config.network.appView !== null));
  registerSyncRoutes(app);
  app.paths.set("/.well-known/atproto-did", atprotoDid(app.router.ctx));
  app.router.fallback = (req, res, nsid) => proxyUnknownMethod(app.router.ctx, req, res, nsid);
}
