import { sequenceActivation } from "../../../../account/events.js";
import { accessFull } from "../../../../auth/verifier.js";
import { defineRoute } from "../../../../xrpc/route.js";

/** `com.atproto.server.activateAccount`: lifts a deactivation and tells the firehose. */
export const activateAccount = defineRoute({
  nsid: "com.atproto.server.activateAccount",
  type: "procedure",
  auth: accessFull,
  handler: ({ ctx, auth }) => {
    ctx.accounts.setDeactivated(auth.did, null);
    sequenceActivation(ctx, auth.did);
    return undefined;
  },
});
