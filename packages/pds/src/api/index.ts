import type { HttpApp } from "../server.js";
import { health } from "./health.js";

/** Registers every route the PDS serves. One file per XRPC method, named by its NSID. */
export function registerRoutes(app: HttpApp): void {
  app.router.add(health);
}
