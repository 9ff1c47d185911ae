import type { Account } from "../account/manager.js";
import { type AccessAuth, accessStandard } from "../auth/verifier.js";
import type { AppContext } from "../context.js";
import type { RepoRoot } from "../store/root-table.js";
import type { RecordWriteResult } from "../write/types.js";
import { AuthRequiredError, ForbiddenError } from "../xrpc/errors.js";
import { toRepoXrpcError } from "./repo-errors.js";

/** JSON body limit of the write methods (put, create, applyWrites), as the reference's jsonLimit. */
export const WRITE_BODY_LIMIT = 1_000_000;

/** What every repo write route declares the same way: auth, JSON input, the body limit, error mapping. */
export const writeRouteBase = {
  type: "procedure" as const,
  auth: accessStandard,
  input: "json" as const,
  bodyLimit: WRITE_BODY_LIMIT,
  mapErrors: toRepoXrpcError,
};

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

/** The response's `commit`, omitted (undefined) when the write changed nothing. */
export function commitJson(commit: RepoRoot | null): { cid: string; rev: string } | undefined {
  return commit === null ? undefined : { cid: commit.cid.toString(), rev: commit.rev };
}

/** The answer of putRecord and createRecord: the record's URI and CID, the commit, the validation status. */
export function recordWriteJson(commit: RepoRoot | null, result: RecordWriteResult) {
  return {
    encoding: "application/json" as const,
    body: {
      uri: result.uri,
      cid: result.cid.toString(),
      commit: commitJson(commit),
      validationStatus: result.validationStatus,
    },
  };
}
