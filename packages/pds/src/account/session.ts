import type { AppContext } from "../context.js";
import type { Account } from "./manager.js";

/** The session shape createSession, refreshSession and createAccount share. */
export interface SessionOutput {
  accessJwt: string;
  refreshJwt: string;
  did: string;
  handle: string;
  email?: string;
  emailConfirmed?: boolean;
  active?: boolean;
  status?: "takendown" | "deactivated";
}

/**
 * Issues an access/refresh pair and records the refresh token server-side (unless `store` is false,
 * as for a taken-down account's read-only session). `refreshId` continues a rotation.
 */
export function issueSession(
  ctx: AppContext,
  did: string,
  scope: string,
  opts: { appPasswordName?: string | null; refreshId?: string; store?: boolean } = {},
): { accessJwt: string; refreshJwt: string } {
  const pair = ctx.tokens.createPair(did, scope, opts.refreshId);
  if (opts.store !== false && opts.refreshId === undefined) {
    ctx.accounts.refreshTokens.add(
      pair.refreshId,
      did,
      opts.appPasswordName ?? null,
      pair.refreshExpiresAt.getTime(),
    );
  }
  return { accessJwt: pair.accessJwt, refreshJwt: pair.refreshJwt };
}

/** `active` and `status` as the session methods report them. */
export function accountStatus(account: Account): { active: boolean; status?: "takendown" | "deactivated" } {
  if (account.takedownRef !== null) return { active: false, status: "takendown" };
  if (account.deactivatedAt !== null) return { active: false, status: "deactivated" };
  return { active: true };
}

/** The session response: tokens, identity, email and status. */
export function sessionOutput(
  account: Account,
  tokens: { accessJwt: string; refreshJwt: string },
): SessionOutput {
  const out: SessionOutput = { ...tokens, did: account.did, handle: account.handle };
  if (account.email !== undefined) {
    out.email = account.email;
    out.emailConfirmed = false;
  }
  return { ...out, ...accountStatus(account) };
}
