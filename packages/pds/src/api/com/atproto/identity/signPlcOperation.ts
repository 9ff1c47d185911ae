import { EmailTokenExpiredError, EmailTokenInvalidError } from "../../../../account/email-tokens.js";
import { createUpdateOp, type UnsignedPlcOp } from "../../../../account/plc.js";
import { withScope } from "../../../../auth/permissions.js";
import { accessFullOrTakendownSession } from "../../../../auth/verifier.js";
import { latestPlcOperation } from "../../../../identity/plc-update.js";
import { parseSignedPlcOp } from "../../../../identity/plc-verify.js";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { mapAccountErrors } from "../../../account-errors.js";
import { type JsonObject, objectInput, optionalString } from "../../../input.js";

/** The requested changes: each field given replaces the latest operation's. */
function parseChanges(input: JsonObject): Partial<Omit<UnsignedPlcOp, "type" | "prev">> {
  const changes: Partial<Omit<UnsignedPlcOp, "type" | "prev">> = {};
  for (const key of ["rotationKeys", "alsoKnownAs", "verificationMethods", "services"] as const) {
    if (input[key] !== undefined) Object.assign(changes, { [key]: input[key] });
  }
  return changes;
}

/**
 * `com.atproto.identity.signPlcOperation`: with the emailed code, the next operation of the account's
 * did:plc (the latest one with the requested fields replaced), signed by this server's rotation key and
 * checked to be a well-formed operation. It is returned, not submitted: the account's new server
 * submits it (submitPlcOperation) when the account moves.
 */
export const signPlcOperation = defineRoute({
  nsid: "com.atproto.identity.signPlcOperation",
  type: "procedure",
  auth: withScope(accessFullOrTakendownSession, () => ({ identity: { attr: "*" } })),
  input: "json",
  parseInput: (body) => {
    const input = objectInput(body);
    return { token: optionalString(input, "token"), changes: parseChanges(input) };
  },
  handler: async ({ ctx, auth, input }) => {
    if (!input.token)
      throw new InvalidRequestError("email confirmation token required to sign PLC operations");
    try {
      ctx.accounts.emailTokens.consume(auth.did, "plc_operation", input.token);
    } catch (err) {
      if (err instanceof EmailTokenInvalidError)
        throw new InvalidRequestError("Token is invalid", "InvalidToken");
      if (err instanceof EmailTokenExpiredError)
        throw new InvalidRequestError("Token is expired", "ExpiredToken");
      throw err;
    }
    const latest = await mapAccountErrors(() => latestPlcOperation(ctx, auth.did));
    if (latest === null) throw new InvalidRequestError("Did is tombstoned or not a did:plc hosted here");
    const rotationKey = ctx.secrets.plcRotationKey;
    if (!latest.rotationKeys.includes(rotationKey.did())) {
      throw new InvalidRequestError("This server's rotation key may not change this DID");
    }
    const operation = createUpdateOp(latest, input.changes, rotationKey);
    // The requested fields are the caller's: the result must still be a valid operation.
    await mapAccountErrors(() => parseSignedPlcOp(operation));
    return { encoding: "application/json", body: { operation } };
  },
});
