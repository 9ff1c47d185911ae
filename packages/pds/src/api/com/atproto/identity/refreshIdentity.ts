import { accessStandard } from "../../../../auth/verifier.js";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { lookupIdentity } from "../../../identity-lookup.js";
import { formatProblem, objectInput, requiredString } from "../../../input.js";

/**
 * `com.atproto.identity.refreshIdentity`: resolveIdentity past the cache. Sessions only: a forced
 * lookup costs this server a network round trip, which strangers should not be able to order at will.
 */
export const refreshIdentity = defineRoute({
  nsid: "com.atproto.identity.refreshIdentity",
  type: "procedure",
  auth: accessStandard,
  input: "json",
  parseInput: (body) => {
    const identifier = requiredString(objectInput(body), "identifier");
    const problem = formatProblem(identifier, "at-identifier");
    if (problem !== undefined) throw new InvalidRequestError(`${problem} at $.identifier`);
    return identifier;
  },
  handler: async ({ ctx, input }) => ({
    encoding: "application/json",
    body: await lookupIdentity(ctx, input, true),
  }),
});
