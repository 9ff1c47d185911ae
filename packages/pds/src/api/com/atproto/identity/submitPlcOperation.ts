import type { SignedPlcOp } from "../../../../account/plc.js";
import { withScope } from "../../../../auth/permissions.js";
import { accessStandard } from "../../../../auth/verifier.js";
import type { AppContext } from "../../../../context.js";
import { applyPlcOperation, latestPlcOperation } from "../../../../identity/plc-update.js";
import { InvalidPlcOperationError, parseSignedPlcOp } from "../../../../identity/plc-verify.js";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { mapAccountErrors } from "../../../account-errors.js";
import { objectInput } from "../../../input.js";

/** The reference's checks: the operation keeps this server able to host and help manage the account. */
function checkHostedHere(ctx: AppContext, did: string, op: SignedPlcOp): void {
  if (!op.rotationKeys.includes(ctx.secrets.plcRotationKey.did())) {
    throw new InvalidRequestError("Rotation keys do not include server's rotation key");
  }
  const pds = op.services.atproto_pds;
  if (pds?.type !== "AtprotoPersonalDataServer")
    throw new InvalidRequestError("Incorrect type on atproto_pds service");
  if (pds.endpoint !== ctx.config.publicUrl)
    throw new InvalidRequestError("Incorrect endpoint on atproto_pds service");
  if (op.verificationMethods.atproto !== ctx.accounts.signingKey(did).did()) {
    throw new InvalidRequestError("Incorrect signing key");
  }
  const handle = ctx.accounts.getAccount(did)?.handle;
  if (handle && op.alsoKnownAs[0] !== `at://${handle}`)
    throw new InvalidRequestError("Incorrect handle in alsoKnownAs");
}

/**
 * `com.atproto.identity.submitPlcOperation`: an operation the account's old server signed, checked to
 * point the DID here (rotation key, endpoint, signing key, handle) and to follow the DID's latest
 * operation with a valid signature, then sent to the PLC directory; the firehose gets `#identity`.
 */
export const submitPlcOperation = defineRoute({
  nsid: "com.atproto.identity.submitPlcOperation",
  type: "procedure",
  auth: withScope(accessStandard, () => ({ identity: { attr: "*" } })),
  input: "json",
  parseInput: (body) => {
    try {
      return parseSignedPlcOp(objectInput(body).operation);
    } catch (err) {
      if (err instanceof InvalidPlcOperationError) throw new InvalidRequestError("Invalid operation");
      throw err;
    }
  },
  handler: async ({ ctx, auth, input }) => {
    checkHostedHere(ctx, auth.did, input);
    await mapAccountErrors(async () => {
      const latest = await latestPlcOperation(ctx, auth.did);
      if (latest === null) throw new InvalidRequestError("DID is not known to the PLC directory");
      await applyPlcOperation(ctx, auth.did, latest, input);
    });
    ctx.sequencer.sequenceIdentity(auth.did, ctx.accounts.getAccount(auth.did)?.handle);
    return undefined;
  },
});
