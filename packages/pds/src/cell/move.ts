import { storeMovingAccount } from "../account/create.js";
import { sequenceActivation } from "../account/events.js";
import { encodePlcOp, type SignedPlcOp } from "../account/plc.js";
import { mapAccountErrors } from "../api/account-errors.js";
import { objectInput, requiredString } from "../api/input.js";
import type { AppContext } from "../context.js";
import { InvalidRequestError } from "../xrpc/errors.js";
import { defineRoute } from "../xrpc/route.js";
import type { SigningKeyReservations } from "./reservations.js";
import { accountInput, CELL_NSID, NO_LOCAL_PASSWORD, plcOpInput } from "./routes.js";
import { entrywayServiceAuth } from "./service-auth.js";

const signingKeyOutput = (signingKey: string) => ({
  encoding: "application/json" as const,
  body: { signingKey },
});

/** Why `op` does not make this cell the host of an account signing with `signingKey`, or null. */
function whyNotHere(ctx: AppContext, op: SignedPlcOp, signingKey: string): string | null {
  if (op.services.atproto_pds?.endpoint !== ctx.config.publicUrl)
    return "plcOp does not name this cell as the account's PDS";
  if (op.verificationMethods.atproto !== signingKey)
    return "plcOp does not name the account's signing key here";
  return null;
}

/**
 * The cell's side of an account moving in from another cell (docs/deployment.md, "Moving accounts
 * between cells"). The entryway holds the DID's rotation key, so it, not the old cell, vouches for the
 * DID here: the account is opened deactivated (the protocol's createAccount with an existing DID) with
 * a key this cell reserved, or the one it had when it lived here before, and the DID's current
 * operation, so importRepo takes commits signed on the old cell; it is filled by the protocol's
 * importRepo and uploadBlob, and activated under the operation naming it here once the entryway has
 * published that.
 */
export function moveRoutes(reservations: SigningKeyReservations) {
  const importAccount = defineRoute({
    nsid: CELL_NSID.importAccount,
    type: "procedure",
    auth: entrywayServiceAuth(CELL_NSID.importAccount),
    input: "json",
    parseInput: accountInput,
    handler: async ({ ctx, input }) => {
      const { did, handle, email, plcOp } = input;
      const here = ctx.accounts.getAccount(did);
      if (here !== null) {
        // Left here deactivated when the account moved away (or by a move that failed): it comes back
        // with the key it had; importRepo will replace its repo.
        if (here.deactivatedAt === null)
          throw new InvalidRequestError(`Account already exists: ${did}`, "AccountExists");
        await mapAccountErrors(() => ctx.accounts.setHandle(did, handle, encodePlcOp(plcOp)));
        return signingKeyOutput(ctx.accounts.signingKey(did).did());
      }
      const signingKey = reservations.take(input.signingKey);
      if (signingKey === null)
        throw new InvalidRequestError("No such reserved signing key", "InvalidSigningKey");
      const passwordHash = NO_LOCAL_PASSWORD;
      await mapAccountErrors(() =>
        storeMovingAccount(ctx, { did, handle, email, passwordHash, signingKey, plcOp: encodePlcOp(plcOp) }),
      );
      ctx.logger.info({ did, handle }, "account moving in from another cell (deactivated)");
      return signingKeyOutput(signingKey.did());
    },
  });

  /** The last step: the DID's new operation, naming this cell, is kept; `#account`, `#identity`, `#sync`. */
  const activateAccount = defineRoute({
    nsid: CELL_NSID.activateAccount,
    type: "procedure",
    auth: entrywayServiceAuth(CELL_NSID.activateAccount),
    input: "json",
    parseInput: (body) => {
      const input = objectInput(body);
      return { did: requiredString(input, "did"), plcOp: plcOpInput(input) };
    },
    handler: ({ ctx, input: { did, plcOp } }) => {
      if (ctx.accounts.getAccount(did) === null)
        throw new InvalidRequestError(`Could not find account: ${did}`, "AccountNotFound");
      const problem = whyNotHere(ctx, plcOp, ctx.accounts.signingKey(did).did());
      if (problem !== null) throw new InvalidRequestError(problem, "IncompatibleDidDoc");
      ctx.accounts.setPlcOperation(did, encodePlcOp(plcOp));
      ctx.accounts.setDeactivated(did, null);
      ctx.identity.dids.invalidate(did);
      sequenceActivation(ctx, did);
      return undefined;
    },
  });

  return [importAccount, activateAccount];
}
