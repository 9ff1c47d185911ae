import { didDocument } from "@putrecord/pds/account/plc.js";
import type { EntrywayContext } from "../context.js";
import type { DirectoryAccount } from "../directory/accounts.js";

/** An account's status as its cell reports it (takedowns and deactivations live with the repo). */
export type AccountStatus = { active: boolean; status?: string };

/** Asks the account's cell for its status. */
export function accountStatus(ctx: EntrywayContext, account: DirectoryAccount): Promise<AccountStatus> {
  return ctx.cellClient.repoStatus(ctx.directory.cells.get(account.cellId), account.did);
}

/**
 * Issues a pair for the account's cell and records the refresh token (unless `store` is false, as for a
 * taken-down account's read-only session); `refreshId` continues a rotation.
 */
export async function issueSession(
  ctx: EntrywayContext,
  account: DirectoryAccount,
  scope: string,
  opts: { appPasswordName?: string | null; refreshId?: string; store?: boolean } = {},
): Promise<{ accessJwt: string; refreshJwt: string }> {
  const cell = ctx.directory.cells.get(account.cellId);
  const pair = ctx.tokens.createPair(account.did, cell.did, scope, opts.refreshId);
  if (opts.store !== false && opts.refreshId === undefined) {
    await ctx.directory.refreshTokens.add(
      pair.refreshId,
      account.did,
      opts.appPasswordName ?? null,
      pair.refreshExpiresAt,
    );
  }
  return { accessJwt: pair.accessJwt, refreshJwt: pair.refreshJwt };
}

/**
 * The session shape of createSession, refreshSession and getSession, with the DID document (as the
 * reference's): it names the account's cell, so clients may talk to the cell directly.
 */
export function sessionOutput(
  account: DirectoryAccount,
  status: AccountStatus,
  tokens?: object,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...tokens, did: account.did, handle: account.handle };
  if (account.email !== null) Object.assign(out, { email: account.email, emailConfirmed: false });
  out.didDoc = didDocument(account.did, account.plcOp);
  out.active = status.active;
  if (status.status !== undefined) out.status = status.status;
  return out;
}
