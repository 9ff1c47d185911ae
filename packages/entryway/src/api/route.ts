import type { Route } from "@putrecord/pds/xrpc/route.js";
import type { EntrywayContext } from "../context.js";
import { mapErrors } from "./errors.js";

/** An entryway method: a PDS route on the entryway's context. */
// biome-ignore lint/suspicious/noExplicitAny: routes of every auth and input type share one table
export type EntrywayRoute = Route<any, any, EntrywayContext>;

/** Declares an entryway method; its auth and handler map the directory's errors at this one edge. */
export function defineEntrywayRoute<A, I>(route: Route<A, I, EntrywayContext>): Route<A, I, EntrywayContext> {
  const { auth, handler } = route;
  return {
    ...route,
    auth: auth && ((req, ctx) => mapErrors(() => auth(req, ctx))),
    handler: (call) => mapErrors(() => handler(call)),
  };
}
