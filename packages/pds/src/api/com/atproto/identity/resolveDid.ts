import { defineRoute } from "../../../../xrpc/route.js";
import { lookupDidDocument } from "../../../identity-lookup.js";
import { formatParam } from "../../../params.js";

/** `com.atproto.identity.resolveDid`: the DID's document, from the PLC directory or its did:web host. */
export const resolveDid = defineRoute({
  nsid: "com.atproto.identity.resolveDid",
  type: "query",
  handler: async ({ ctx, params }) => {
    const didDoc = await lookupDidDocument(ctx, formatParam(params, "did", "did"));
    return { encoding: "application/json", body: { didDoc } };
  },
});
