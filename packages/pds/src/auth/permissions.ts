import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type AccountPermissionMatch,
  type BlobPermissionMatch,
  type IdentityPermissionMatch,
  type RepoPermissionMatch,
  type RpcPermissionMatch,
  ScopeMissingError,
} from "@atproto/oauth-scopes";
import type { AppContext } from "../context.js";
import { ForbiddenError } from "../xrpc/errors.js";
import type { AccessAuth } from "./verifier.js";

/**
 * What a call needs from an OAuth token: one granular atproto permission, in `@atproto/oauth-scopes`'
 * terms. `transition:generic` grants every repo, blob and (non-chat) rpc need; `transition:chat.bsky`
 * the `chat.bsky.*` rpc ones.
 */
export type ScopeNeed =
  | { repo: RepoPermissionMatch }
  | { blob: BlobPermissionMatch }
  | { rpc: RpcPermissionMatch }
  | { account: AccountPermissionMatch }
  | { identity: IdentityPermissionMatch };

/**
 * The one scope check: passes when `auth` may do `need`. Session tokens always pass (their scope was
 * checked when they were verified: app passwords reach only routes that accept them). An OAuth token
 * must hold a scope granting `need`, else 403 `ScopeMissingError` naming the scope it lacks, the
 * reference's answer. Called by handlers once they know what the call does (a write's collection is in
 * its body), and by `withScope` for routes that know it from the request alone.
 */
export function requireScope(auth: AccessAuth, need: ScopeNeed): void {
  const permissions = auth.permissions;
  if (!permissions) return;
  try {
    if ("repo" in need) permissions.assertRepo(need.repo);
    else if ("blob" in need) permissions.assertBlob(need.blob);
    else if ("rpc" in need) permissions.assertRpc(need.rpc);
    else if ("account" in need) permissions.assertAccount(need.account);
    else permissions.assertIdentity(need.identity);
  } catch (err) {
    if (err instanceof ScopeMissingError) throw new ForbiddenError(err.message, "ScopeMissingError");
    throw err;
  }
}

/** requireScope as a question: true when `auth` may do `need` (e.g. whether to show the email). */
export function allowsScope(auth: AccessAuth, need: ScopeNeed): boolean {
  try {
    requireScope(auth, need);
    return true;
  } catch (err) {
    if (err instanceof ForbiddenError) return false;
    throw err;
  }
}

type AuthStep = (
  req: IncomingMessage,
  ctx: AppContext,
  res?: ServerResponse,
) => AccessAuth | Promise<AccessAuth>;

/** A route's auth step followed by a scope check that needs only the request (headers, params). */
export function withScope(auth: AuthStep, need: (req: IncomingMessage) => ScopeNeed): AuthStep {
  return then(auth, (verified, req) => requireScope(verified, need(req)));
}

/**
 * A route OAuth tokens may not call at all (app passwords, reactivation), refused with the
 * reference's 403 and message; session tokens go on.
 */
export function refuseOAuth(
  auth: AuthStep,
  message = "OAuth credentials are not supported for this endpoint",
): AuthStep {
  return then(auth, (verified) => {
    if (verified.permissions) throw new ForbiddenError(message);
  });
}

/**
 * Runs `check` after `auth`, staying synchronous when `auth` is (session tokens verify synchronously).
 * `base` names the verifier underneath, so a test can hold every route to the takedown rule.
 */
function then(
  auth: AuthStep,
  check: (verified: AccessAuth, req: IncomingMessage) => void,
): AuthStep & { base: AuthStep } {
  const step: AuthStep = (req, ctx, res) => {
    const verified = auth(req, ctx, res);
    const checked = (v: AccessAuth) => {
      check(v, req);
      return v;
    };
    return verified instanceof Promise ? verified.then(checked) : checked(verified);
  };
  return Object.assign(step, { base: auth });
}
