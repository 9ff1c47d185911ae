import { sequenceAccountStatus } from "../../../../account/events.js";
import { withScope } from "../../../../auth/permissions.js";
import { accessFull } from "../../../../auth/verifier.js";
import { defineRoute } from "../../../../xrpc/route.js";

/** `com.atproto.server.deactivateAccount`: the repo stops taking writes until activateAccount. */
export const deactivateAccount = defineRoute({
  nsid: "com.atproto.server.deactivateAccount",
  type: "procedure",
  auth: withScope(accessFull, () => ({ account: { attr: "status", action: "manage" } })),
  input: "json",
  handler: ({ ctx, auth }) => {
    ctx.accounts.setDeactivated(auth.did, new Date().toISOString());
    sequenceAccountStatus(ctx, auth.did);
    return undefined;
  },
});
