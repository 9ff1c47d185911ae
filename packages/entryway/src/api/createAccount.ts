import { normalizeHandle } from "@putrecord/pds/account/handles.js";
import { hashPassword } from "@putrecord/pds/account/passwords.js";
import { createGenesisOp, publishPlcOp } from "@putrecord/pds/account/plc.js";
import { createAccount as pdsCreateAccount } from "@putrecord/pds/api/com/atproto/server/createAccount.js";
import { SCOPE_ACCESS } from "@putrecord/pds/auth/scopes.js";
import { InvalidRequestError } from "@putrecord/pds/xrpc/errors.js";
import type { EntrywayContext } from "../context.js";
import type { NewDirectoryAccount } from "../directory/accounts.js";
import { defineEntrywayRoute } from "./route.js";
import { issueSession } from "./session.js";

/**
 * `com.atproto.server.createAccount` for the whole deployment (docs/deployment.md, "Sign-up"): the handle
 * and email are checked across cells, the account is placed, its cell makes a signing key, the entryway
 * signs the did:plc genesis naming that cell, writes the directory row (with the invite, not yet ready),
 * publishes the DID, has the cell make the repo, then marks the row ready. Any failure undoes the row.
 */
export const createAccount = defineEntrywayRoute({
  nsid: "com.atproto.server.createAccount",
  type: "procedure",
  input: "json",
  parseInput: pdsCreateAccount.parseInput,
  handler: async ({ ctx, input }) => {
    const handle = normalizeHandle(input.handle, ctx.config.handleDomains);
    if (ctx.config.inviteRequired && input.inviteCode === undefined) {
      throw new InvalidRequestError("Provided invite code not available", "InvalidInviteCode");
    }
    const { accounts, cells } = ctx.directory;
    await accounts.available(handle, input.email);
    const cell = await cells.place(handle);
    const signingKey = await ctx.cellClient.reserveSigningKey(cell);
    const { did, op } = createGenesisOp({
      handle,
      signingKey: { did: () => signingKey },
      rotationKey: ctx.secrets.plcRotationKey,
      recoveryKey: input.recoveryKey,
      pdsEndpoint: cell.url,
    });
    const account: NewDirectoryAccount = {
      did,
      handle,
      email: input.email,
      passwordHash: await hashPassword(input.password),
      cellId: cell.id,
      plcOp: op,
      inviteCode: ctx.config.inviteRequired ? input.inviteCode : undefined,
    };
    await accounts.reserve(account);
    try {
      if (ctx.config.plcUrl !== undefined) await publishPlcOp(ctx.config.plcUrl, did, op);
      await ctx.cellClient.createAccount(cell, { did, handle, email: input.email, signingKey, plcOp: op });
      await accounts.markReady(did);
    } catch (err) {
      await abandon(ctx, account);
      throw err;
    }
    ctx.logger.info({ did, handle, cell: cell.id }, "account created");
    const tokens = await issueSession(ctx, { ...account, email: account.email ?? null }, SCOPE_ACCESS);
    return { encoding: "application/json", body: { handle, did, ...tokens } };
  },
});

/** Gives the handle, email and invite back; if even that fails, the row is left to expire (ABANDONED_SIGNUP_MS). */
async function abandon(ctx: EntrywayContext, account: NewDirectoryAccount): Promise<void> {
  try {
    await ctx.directory.accounts.abandon(account);
  } catch (err) {
    ctx.logger.warn({ err, did: account.did }, "could not undo a failed sign-up; it expires by itself");
  }
}
