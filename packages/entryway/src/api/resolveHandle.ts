import { requiredParam } from "@putrecord/pds/api/input.js";
import { InvalidRequestError } from "@putrecord/pds/xrpc/errors.js";
import { defineEntrywayRoute } from "./route.js";

/** `com.atproto.identity.resolveHandle`: any cell's handles (the directory holds them all). */
export const resolveHandle = defineEntrywayRoute({
  nsid: "com.atproto.identity.resolveHandle",
  type: "query",
  handler: async ({ ctx, params }) => {
    const handle = requiredParam(params, "handle").toLowerCase();
    const location = handle.startsWith("did:") ? null : await ctx.directory.locator.locate(handle);
    if (!location) throw new InvalidRequestError("Unable to resolve handle", "HandleNotFound");
    return { encoding: "application/json", body: { did: location.did } };
  },
});
