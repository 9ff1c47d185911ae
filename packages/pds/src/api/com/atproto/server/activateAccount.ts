import { sequenceActivation } from "../../../../account/events.js";
import { refuseOAuth } from "../../../../auth/permissions.js";
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
  // OAuth flows refuse deactivated accounts, so an app could not have been given the right (reference).
  auth: refuseOAuth(
    accessFull,
    "Account reactivation is not available with OAuth credentials. Sign in to your account management page to reactivate.",
  ),
  handler: async ({ ctx, auth }) => {
    const problem = await whyNotHostedHere(ctx, auth.did);
    if (problem !== null) throw new InvalidRequestError(problem);
    ctx.accounts.setDeactivated(auth.did, null);
    sequenceActivation(ctx, auth.did);
    return undefined;
  },
});
