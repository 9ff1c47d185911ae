import type { Account } from "../account/manager.js";
import type { AppContext } from "../context.js";
import { InvalidRequestError } from "../xrpc/errors.js";

/** The hosted, not taken-down account named by a handle or DID; 400 "Could not find repo" otherwise. */
export function readableAccount(ctx: AppContext, repo: string): Account {
  const account = ctx.accounts.getAccount(repo);
  if (account === null || account.takedownRef !== null) {
    throw new InvalidRequestError(`Could not find repo: ${repo}`);
  }
  return account;
}
