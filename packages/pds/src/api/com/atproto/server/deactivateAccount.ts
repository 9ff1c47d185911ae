import { sequenceAccountStatus } from "../../../../account/events.js";
import { accessFull } from "../../../../auth/verifier.js";
import { defineRoute } from "../../../../xrpc/route.js";

/** `com.atproto.server.deactivateAccount`: the repo stops taking writes until activateAccount. */
export const deactivateAccount = defineRoute({
  nsid: "com.atproto.server.deactivateAccount",
  type: "procedure",
  auth: accessFull,
  input: "json",
  handler: ({ ctx, auth }) => {
    ctx.accounts.setDeactivated(auth.did, new Date().toISOString());
    sequenceAccountStatus(ctx, auth.did);
    return undefined;
  },
});
