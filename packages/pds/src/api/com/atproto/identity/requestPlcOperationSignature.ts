import { withScope } from "../../../../auth/permissions.js";
import { accessFullOrTakendownSession } from "../../../../auth/verifier.js";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";

/**
 * `com.atproto.identity.requestPlcOperationSignature`: a one-time code for signPlcOperation, sent to
 * the account's email (here: written to the data directory's outbox, see src/mail/outbox.ts).
 */
export const requestPlcOperationSignature = defineRoute({
  nsid: "com.atproto.identity.requestPlcOperationSignature",
  type: "procedure",
  auth: withScope(accessFullOrTakendownSession, () => ({ identity: { attr: "*" } })),
  handler: ({ ctx, auth }) => {
    const account = ctx.accounts.getAccount(auth.did);
    if (!account) throw new InvalidRequestError("account not found");
    if (!account.email) throw new InvalidRequestError("account does not have an email address");
    const token = ctx.accounts.emailTokens.create(auth.did, "plc_operation");
    ctx.outbox.send({
      to: account.email,
      subject: "PLC Update Operation Requested",
      text:
        `A change to the identity of ${account.handle} (${account.did}) was requested.\n` +
        `To approve it, give this code: ${token}\n` +
        "It is good for 15 minutes. If you did not ask for this, ignore this message.",
    });
    return undefined;
  },
});
