import type { AccessAuth } from "../auth/verifier.js";
import type { AppContext } from "../context.js";
import { AuthRequiredError, ForbiddenError } from "../xrpc/errors.js";
import type { Account } from "./manager.js";

/**
 * pds-anchor §2.2 for write routes, in the reference's order: the account named by `repo` must be
 * hosted here (403), not taken down or deactivated (401), and be the caller's own (401).
 */
export function resolveRepoForWrite(ctx: AppContext, repo: string, auth: AccessAuth): Account {
  const account = ctx.accounts.getAccount(repo);
  if (!account) throw new ForbiddenError("Account not found", "AccountNotFound");
  if (account.takedownRef !== null)
    throw new AuthRequiredError("Account has been taken down", "AccountTakedown");
  if (account.deactivatedAt !== null)
    throw new AuthRequiredError("Account is deactivated", "AccountDeactivated");
  if (account.did !== auth.did) throw new AuthRequiredError();
  return account;
}
