import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { requiredParam } from "../../../params.js";

/** `com.atproto.identity.resolveHandle`: handles hosted here only (this server makes no DNS or HTTP lookups). */
export const resolveHandle = defineRoute({
  nsid: "com.atproto.identity.resolveHandle",
  type: "query",
  handler: ({ ctx, params }) => {
    const handle = requiredParam(params, "handle").toLowerCase();
    const account = ctx.accounts.getAccount(handle);
    if (!account || account.did === handle)
      throw new InvalidRequestError("Unable to resolve handle", "HandleNotFound");
    return { encoding: "application/json", body: { did: account.did } };
  },
});
