import { createUpdateOp, encodePlcOp } from "../../../../account/plc.js";
import { withScope } from "../../../../auth/permissions.js";
import { accessFull } from "../../../../auth/verifier.js";
import { applyPlcOperation, latestPlcOperation } from "../../../../identity/plc-update.js";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { mapAccountErrors } from "../../../account-errors.js";
import { checkHandle } from "../../../handle-check.js";
import { objectInput, requiredString } from "../../../input.js";

/** The operation's `alsoKnownAs` with its first `at://` entry (the handle) replaced, others kept in place. */
function withHandle(alsoKnownAs: string[], handle: string): string[] {
  const at = alsoKnownAs.findIndex((aka) => aka.startsWith("at://"));
  if (at === -1) return [`at://${handle}`, ...alsoKnownAs];
  return alsoKnownAs.map((aka, i) => (i === at ? `at://${handle}` : aka));
}

/**
 * `com.atproto.identity.updateHandle`: a handle under this server's domains, or any handle that
 * resolves to the account's DID. A new did:plc operation (signed by the server's rotation key, after
 * the DID's latest) names it, is published when a PLC directory is configured, then stored, and the
 * firehose gets an `#identity` event.
 */
export const updateHandle = defineRoute({
  nsid: "com.atproto.identity.updateHandle",
  type: "procedure",
  auth: withScope(accessFull, () => ({ identity: { attr: "handle" } })),
  input: "json",
  parseInput: (body) => ({ handle: requiredString(objectInput(body), "handle") }),
  handler: async ({ ctx, auth, input }) => {
    const handle = await checkHandle(ctx, input.handle, auth.did);
    const account = ctx.accounts.getAccount(auth.did);
    if (!account) throw new InvalidRequestError("Account not found", "AccountNotFound");
    if (account.handle !== handle) {
      const other = ctx.accounts.getAccount(handle);
      if (other) throw new InvalidRequestError(`Handle already taken: ${handle}`, "HandleNotAvailable");
      await mapAccountErrors(async () => {
        const latest = await latestPlcOperation(ctx, auth.did);
        if (latest === null) throw new InvalidRequestError("Account not found", "AccountNotFound");
        const op = createUpdateOp(
          latest,
          { alsoKnownAs: withHandle(latest.alsoKnownAs, handle) },
          ctx.secrets.plcRotationKey,
        );
        await applyPlcOperation(ctx, auth.did, latest, op);
        ctx.accounts.setHandle(auth.did, handle, encodePlcOp(op));
      });
    }
    ctx.sequencer.sequenceIdentity(auth.did, handle);
    return undefined;
  },
});
