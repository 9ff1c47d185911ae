import { storeAccount } from "../account/create.js";
import { didForGenesisOp, encodePlcOp, type SignedPlcOp } from "../account/plc.js";
import { mapAccountErrors } from "../api/account-errors.js";
import { type JsonObject, objectInput, optionalString, requiredString } from "../api/input.js";
import { InvalidRequestError } from "../xrpc/errors.js";
import { defineRoute } from "../xrpc/route.js";
import type { SigningKeyReservations } from "./reservations.js";
import { entrywayServiceAuth } from "./service-auth.js";

/** What a stored password hash must never match: accounts placed by the entryway log in there. */
export const NO_LOCAL_PASSWORD = "entryway";

/** The cell's internal methods, called by the entryway only (service auth, see service-auth.ts). */
export const CELL_NSID = {
  reserveSigningKey: "org.putrecord.cell.reserveSigningKey",
  createAccount: "org.putrecord.cell.createAccount",
  updateHandle: "org.putrecord.cell.updateHandle",
  importAccount: "org.putrecord.cell.importAccount",
  activateAccount: "org.putrecord.cell.activateAccount",
} as const;

/** The request's `plcOp`: a signed did:plc operation (its signature is checked by whoever publishes it). */
export function plcOpInput(input: JsonObject): SignedPlcOp {
  const op = objectInput(input.plcOp) as unknown as SignedPlcOp;
  if (
    op.type !== "plc_operation" ||
    typeof op.sig !== "string" ||
    typeof op.verificationMethods !== "object"
  ) {
    throw new InvalidRequestError("Input/plcOp must be a signed plc_operation");
  }
  return op;
}

/** An account the entryway places or moves here: its DID, handle, email, reserved key and an operation. */
export function accountInput(body: unknown) {
  const input = objectInput(body);
  return {
    did: requiredString(input, "did"),
    handle: requiredString(input, "handle"),
    email: optionalString(input, "email"),
    signingKey: requiredString(input, "signingKey"),
    plcOp: plcOpInput(input),
  };
}

/** The three internal routes, sharing one set of reserved keys. */
export function cellInternalRoutes(reservations: SigningKeyReservations) {
  const reserveSigningKey = defineRoute({
    nsid: CELL_NSID.reserveSigningKey,
    type: "procedure",
    auth: entrywayServiceAuth(CELL_NSID.reserveSigningKey),
    handler: () => ({ encoding: "application/json", body: { signingKey: reservations.reserve().did() } }),
  });

  /** The account's row and repo, as createAccount makes them, for a DID the entryway made with a reserved key. */
  const createAccount = defineRoute({
    nsid: CELL_NSID.createAccount,
    type: "procedure",
    auth: entrywayServiceAuth(CELL_NSID.createAccount),
    input: "json",
    parseInput: accountInput,
    handler: async ({ ctx, input }) => {
      const { did, handle, email, plcOp } = input;
      if (didForGenesisOp(plcOp) !== did || plcOp.verificationMethods.atproto !== input.signingKey) {
        throw new InvalidRequestError(
          "plcOp is not the genesis operation of this DID and key",
          "IncompatibleDidDoc",
        );
      }
      const signingKey = reservations.take(input.signingKey);
      if (signingKey === null)
        throw new InvalidRequestError("No such reserved signing key", "InvalidSigningKey");
      await mapAccountErrors(() =>
        storeAccount(ctx, {
          did,
          handle,
          email,
          passwordHash: NO_LOCAL_PASSWORD,
          signingKey,
          plcOp: encodePlcOp(plcOp),
        }),
      );
      ctx.logger.info({ did, handle }, "account placed here by the entryway");
      return { encoding: "application/json", body: { did, handle } };
    },
  });

  /** A handle the entryway already changed (and published): stored here, and told to the firehose. */
  const updateHandle = defineRoute({
    nsid: CELL_NSID.updateHandle,
    type: "procedure",
    auth: entrywayServiceAuth(CELL_NSID.updateHandle),
    input: "json",
    parseInput: (body) => {
      const input = objectInput(body);
      return {
        did: requiredString(input, "did"),
        handle: requiredString(input, "handle"),
        plcOp: plcOpInput(input),
      };
    },
    handler: async ({ ctx, input }) => {
      await mapAccountErrors(() => ctx.accounts.setHandle(input.did, input.handle, encodePlcOp(input.plcOp)));
      ctx.sequencer.sequenceIdentity(input.did, input.handle);
      return undefined;
    },
  });

  return [reserveSigningKey, createAccount, updateHandle];
}
