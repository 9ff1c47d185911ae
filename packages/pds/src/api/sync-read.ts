import type { Account } from "../account/manager.js";
import type { AppContext } from "../context.js";
import { InvalidRequestError } from "../xrpc/errors.js";

/** An account's hosting status as sync methods report it: active, or why not. */
export function accountStatus(account: Account): { active: boolean; status?: "takendown" | "deactivated" } {
  if (account.takedownRef !== null) return { active: false, status: "takendown" };
  if (account.deactivatedAt !== null) return { active: false, status: "deactivated" };
  return { active: true };
}

/**
 * The account whose repo a sync method (or describeRepo) serves, by DID (or handle: the caller checks
 * the parameter's format): 400 RepoNotFound when not hosted, RepoTakendown or RepoDeactivated when it
 * is hosted but not active (unless `allowInactive`, as getRepoStatus).
 */
export function syncAccount(ctx: AppContext, repo: string, allowInactive = false): Account {
  const account = ctx.accounts.getAccount(repo);
  if (account === null || ctx.repos.attemptHead(account.did) === null) {
    throw new InvalidRequestError(`Could not find repo for DID: ${repo}`, "RepoNotFound");
  }
  if (allowInactive) return account;
  if (account.takedownRef !== null)
    throw new InvalidRequestError(`Repo has been takendown: ${repo}`, "RepoTakendown");
  if (account.deactivatedAt !== null) {
    throw new InvalidRequestError(`Repo has been deactivated: ${repo}`, "RepoDeactivated");
  }
  return account;
}
