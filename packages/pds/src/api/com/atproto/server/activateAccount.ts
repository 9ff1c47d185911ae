import { sequenceActivation } from "../../../../account/events.js";
import { refuseOAuth } from "../../../../auth/permissions.js";
import { accessFull } from "../../../../auth/verifier.js";
import { defineRoute } from "../../../../xrpc/route.js";

/** `com.atproto.server.activateAccount`: lifts a deactivation and tells the firehose. */
export const activateAccount = defineRoute({
  nsid: "com.atproto.server.activateAccount",
  type: "procedure",
  // OAuth flows refuse deactivated accounts, so an app could not have been given the right (reference).
  auth: refuseOAuth(
    accessFull,
    "Account reactivation is not available with OAuth credentials. Sign in to your account management page to reactivate.",
  ),
  handler: ({ ctx, auth }) => {
    ctx.accounts.setDeactivated(auth.did, null);
    sequenceActivation(ctx, auth.did);
    return undefined;
  },
});
