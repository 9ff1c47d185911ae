import { SCOPE_ACCESS, SCOPE_APP_PASS, SCOPE_APP_PASS_PRIVILEGED } from "@putrecord/pds/auth/scopes.js";
import { AuthRequiredError, InvalidRequestError } from "@putrecord/pds/xrpc/errors.js";
import { refreshAuth } from "../auth/verifier.js";
import { defineEntrywayRoute } from "./route.js";
import { accountStatus, issueSession, sessionOutput } from "./session.js";

/** `com.atproto.server.refreshSession`: the PDS's rotation (grace period, same successor), in the directory. */
export const refreshSession = defineEntrywayRoute({
  nsid: "com.atproto.server.refreshSession",
  type: "procedure",
  auth: refreshAuth,
  handler: async ({ ctx, auth }) => {
    const account = await ctx.directory.accounts.attempt(auth.did);
    if (!account) throw new InvalidRequestError(`Could not find user info for account: ${auth.did}`);
    const status = await accountStatus(ctx, account);
    if (status.status === "takendown")
      throw new AuthRequiredError("Account has been taken down", "AccountTakedown");
    const rotation = await ctx.directory.refreshTokens.rotate(auth.tokenId);
    if (!rotation) throw new InvalidRequestError("Token has been revoked", "ExpiredToken");
    let scope = SCOPE_ACCESS;
    if (rotation.appPasswordName !== null) {
      const app = await ctx.directory.appPasswords.get(account.did, rotation.appPasswordName);
      if (!app) throw new InvalidRequestError("Token has been revoked", "ExpiredToken");
      scope = app.privileged ? SCOPE_APP_PASS_PRIVILEGED : SCOPE_APP_PASS;
    }
    const tokens = await issueSession(ctx, account, scope, { refreshId: rotation.nextId });
    return { encoding: "application/json", body: sessionOutput(account, status, tokens) };
  },
});
