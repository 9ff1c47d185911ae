import { defineRoute } from "../../../../xrpc/route.js";
import { lookupIdentity } from "../../../identity-lookup.js";
import { formatParam } from "../../../params.js";

/** `com.atproto.identity.resolveIdentity`: a handle or DID to its DID, verified handle and DID document. */
export const resolveIdentity = defineRoute({
  nsid: "com.atproto.identity.resolveIdentity",
  type: "query",
  handler: async ({ ctx, params }) => ({
    encoding: "application/json",
    body: await lookupIdentity(ctx, formatParam(params, "identifier", "at-identifier")),
  }),
});
