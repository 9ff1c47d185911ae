import { isValidHandle } from "@atproto/syntax";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { requiredParam } from "../../../params.js";

/**
 * `com.atproto.identity.resolveHandle`: a handle hosted here from the database; one under this
 * server's domains that is not hosted here is HandleNotFound; any other through DNS TXT and
 * `/.well-known/atproto-did` (the reference asks its AppView when it has one).
 */
export const resolveHandle = defineRoute({
  nsid: "com.atproto.identity.resolveHandle",
  type: "query",
  handler: async ({ ctx, params }) => {
    const handle = requiredParam(params, "handle").toLowerCase();
    if (!isValidHandle(handle)) throw new InvalidRequestError("Invalid handle", "InvalidHandle");
    const account = ctx.accounts.getAccount(handle);
    if (account && account.did !== handle)
      return { encoding: "application/json", body: { did: account.did } };
    const ours = ctx.config.handleDomains.some((d) => handle.endsWith(d) || handle === d.slice(1));
    if (ours) throw new InvalidRequestError("Unable to resolve handle", "HandleNotFound");
    const did = await ctx.identity.handles.resolve(handle);
    if (did === null) throw new InvalidRequestError("Unable to resolve handle");
    return { encoding: "application/json", body: { did } };
  },
});
