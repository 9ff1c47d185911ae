import { sequenceActivation } from "../../../../account/events.js";
import { accessFull } from "../../../../auth/verifier.js";
import { whyNotHostedHere } from "../../../../identity/hosted-here.js";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";

/**
 * `com.atproto.server.activateAccount`: lifts a deactivation and tells the firehose. Only once the
 * account's DID document makes this server its host (the last step of a migration in), as the reference.
 */
export const activateAccount = defineRoute({
  nsid: "com.atproto.server.activateAccount",
  type: "procedure",
  auth: accessFull,
  handler: async ({ ctx, auth }) => {
    const problem = await whyNotHostedHere(ctx, auth.did);
    if (problem !== null) throw new InvalidRequestError(problem);
    ctx.accounts.setDeactivated(auth.did, null);
    sequenceActivation(ctx, auth.did);
    return undefined;
  },
});
