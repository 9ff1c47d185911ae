import type { Route } from "../xrpc/route.js";
import { ENTRYWAY_METHODS, forwardToEntryway } from "./forward.js";
import { moveRoutes } from "./move.js";
import { SigningKeyReservations } from "./reservations.js";
import { cellInternalRoutes } from "./routes.js";
import type { EntrywayTrust } from "./trust.js";

/**
 * A cell's routes (docs/deployment.md): the PDS's own, except what the entryway owns, which is passed on
 * to it, plus the internal methods the entryway places, renames and moves accounts with.
 */
// biome-ignore lint/suspicious/noExplicitAny: routes of every auth and input type share one table
export function cellRoutes(trust: EntrywayTrust, routes: Route<any, any>[]): Route<any, any>[] {
  const reservations = new SigningKeyReservations();
  return [
    ...routes.map((route) => (ENTRYWAY_METHODS.has(route.nsid) ? forwardToEntryway(trust, route) : route)),
    ...cellInternalRoutes(reservations),
    ...moveRoutes(reservations),
  ];
}
