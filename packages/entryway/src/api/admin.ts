import { objectInput, requiredString } from "@putrecord/pds/api/input.js";
import { InvalidRequestError } from "@putrecord/pds/xrpc/errors.js";
import { adminAuth } from "../auth/verifier.js";
import { moveAccount as move } from "../move/move.js";
import { defineEntrywayRoute } from "./route.js";

/** The entryway's own admin methods (HTTP Basic admin), for placement (docs/deployment.md). */
export const ADMIN_NSID = {
  listCells: "org.putrecord.entryway.listCells",
  pinPlacement: "org.putrecord.entryway.pinPlacement",
  setCellAccepting: "org.putrecord.entryway.setCellAccepting",
  moveAccount: "org.putrecord.entryway.moveAccount",
} as const;

/** Every cell with its URL, DID, account count and whether it takes new accounts. */
export const listCells = defineEntrywayRoute({
  nsid: ADMIN_NSID.listCells,
  type: "query",
  auth: adminAuth,
  handler: async ({ ctx }) => ({
    encoding: "application/json",
    body: { cells: await ctx.directory.cells.load() },
  }),
});

/** The account that signs up with this handle goes to this cell, whatever the load. */
export const pinPlacement = defineEntrywayRoute({
  nsid: ADMIN_NSID.pinPlacement,
  type: "procedure",
  auth: adminAuth,
  input: "json",
  parseInput: (body) => {
    const input = objectInput(body);
    return { handle: requiredString(input, "handle").toLowerCase(), cell: requiredString(input, "cell") };
  },
  handler: async ({ ctx, input }) => {
    await ctx.directory.cells.pin(input.handle, input.cell);
    return undefined;
  },
});

/** Opens or closes a cell to new accounts (a full or draining cell keeps serving the ones it has). */
export const setCellAccepting = defineEntrywayRoute({
  nsid: ADMIN_NSID.setCellAccepting,
  type: "procedure",
  auth: adminAuth,
  input: "json",
  parseInput: (body) => {
    const input = objectInput(body);
    if (typeof input.accepting !== "boolean")
      throw new InvalidRequestError("Input/accepting must be a boolean");
    return { cell: requiredString(input, "cell"), accepting: input.accepting };
  },
  handler: async ({ ctx, input }) => {
    await ctx.directory.cells.setAccepting(input.cell, input.accepting);
    return undefined;
  },
});

/**
 * Moves an account (DID or handle) to another cell with the protocol's migration steps, under load
 * (move/move.ts); answers when it is active there, with what was copied and how long writes waited.
 */
export const moveAccount = defineEntrywayRoute({
  nsid: ADMIN_NSID.moveAccount,
  type: "procedure",
  auth: adminAuth,
  input: "json",
  parseInput: (body) => {
    const input = objectInput(body);
    return { account: requiredString(input, "account"), cell: requiredString(input, "cell") };
  },
  handler: async ({ ctx, input }) => {
    const key = input.account.startsWith("did:") ? input.account : input.account.toLowerCase();
    const did = (await ctx.directory.accounts.attempt(key))?.did ?? key;
    const report = await move(ctx, ctx.moves, did, input.cell, (msg, fields) =>
      ctx.logger.info(fields ?? {}, msg),
    );
    return { encoding: "application/json", body: report };
  },
});
