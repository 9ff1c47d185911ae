import { sequenceAccountStatus } from "../../../../account/events.js";
import { withScope } from "../../../../auth/permissions.js";
import { accessFull } from "../../../../auth/verifier.js";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { objectInput, optionalString } from "../../../input.js";

/** `com.atproto.server.deactivateAccount`: the repo stops taking writes until activateAccount. */
export const deactivateAccount = defineRoute({
  nsid: "com.atproto.server.deactivateAccount",
  type: "procedure",
  auth: withScope(accessFull, () => ({ account: { attr: "status", action: "manage" } })),
  input: "json",
  parseInput: (body) => {
    // Checked, not kept: nothing deletes an account by itself here (the reference stores it and never acts on it).
    const deleteAfter = optionalString(objectInput(body), "deleteAfter");
    if (deleteAfter !== undefined && Number.isNaN(Date.parse(deleteAfter))) {
      throw new InvalidRequestError(`Invalid datetime (got "${deleteAfter}") at $.deleteAfter`);
    }
    return { deleteAfter };
  },
  handler: ({ ctx, auth }) => {
    ctx.accounts.setDeactivated(auth.did, new Date().toISOString());
    sequenceAccountStatus(ctx, auth.did);
    return undefined;
  },
});
