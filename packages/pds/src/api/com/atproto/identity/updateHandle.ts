import { normalizeHandle } from "../../../../account/handles.js";
import { createHandleOp, decodePlcOp, encodePlcOp, publishPlcOp } from "../../../../account/plc.js";
import { withScope } from "../../../../auth/permissions.js";
import { accessFull } from "../../../../auth/verifier.js";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { mapAccountErrors } from "../../../account-errors.js";
import { objectInput, requiredString } from "../../../input.js";

/**
 * `com.atproto.identity.updateHandle`: a new did:plc operation (signed by the server's rotation key,
 * `prev` = the last one) names the new handle; it is published when a PLC directory is configured,
 * then stored, and the firehose gets an `#identity` event.
 */
export const updateHandle = defineRoute({
  nsid: "com.atproto.identity.updateHandle",
  type: "procedure",
  auth: withScope(accessFull, () => ({ identity: { attr: "handle" } })),
  input: "json",
  parseInput: (body) => ({ handle: requiredString(objectInput(body), "handle") }),
  handler: async ({ ctx, auth, input }) => {
    const handle = await mapAccountErrors(() => normalizeHandle(input.handle, ctx.config.handleDomains));
    const account = ctx.accounts.getAccount(auth.did);
    const stored = ctx.accounts.plcOperation(auth.did);
    if (!account || !stored) throw new InvalidRequestError("Account not found", "AccountNotFound");
    if (account.handle !== handle) {
      const other = ctx.accounts.getAccount(handle);
      if (other) throw new InvalidRequestError(`Handle already taken: ${handle}`, "HandleNotAvailable");
      const op = createHandleOp(decodePlcOp(stored), handle, ctx.secrets.plcRotationKey);
      await mapAccountErrors(async () => {
        if (ctx.config.plcUrl !== undefined) await publishPlcOp(ctx.config.plcUrl, auth.did, op);
        ctx.accounts.setHandle(auth.did, handle, encodePlcOp(op));
      });
    }
    ctx.sequencer.sequenceIdentity(auth.did, handle);
    return undefined;
  },
});
