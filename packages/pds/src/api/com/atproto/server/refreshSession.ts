import { issueSession, sessionOutput } from "../../../../account/session.js";
import { SCOPE_ACCESS, SCOPE_APP_PASS, SCOPE_APP_PASS_PRIVILEGED } from "../../../../auth/scopes.js";
import { refreshAuth } from "../../../../auth/verifier.js";
import { AuthRequiredError, InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { sessionDidDoc } from "../../../session-did-doc.js";

/**
 * `com.atproto.server.refreshSession`: trades a refresh token for a new pair. The old token stays
 * good for a grace period and keeps yielding the same next token id, so racing clients agree.
 */
export const refreshSession = defineRoute({
  nsid: "com.atproto.server.refreshSession",
  type: "procedure",
  auth: refreshAuth,
  handler: async ({ ctx, auth }) => {
    const account = ctx.accounts.getAccount(auth.did);
    if (!account) throw new InvalidRequestError(`Could not find user info for account: ${auth.did}`);
    if (account.takedownRef !== null)
      throw new AuthRequiredError("Account has been taken down", "AccountTakedown");
    const rotation = ctx.accounts.refreshTokens.rotate(auth.tokenId);
    if (!rotation) throw new InvalidRequestError("Token has been revoked", "ExpiredToken");
    let scope = SCOPE_ACCESS;
    if (rotation.appPasswordName !== null) {
      const app = ctx.accounts.appPasswords.get(account.did, rotation.appPasswordName);
      if (!app) throw new InvalidRequestError("Token has been revoked", "ExpiredToken");
      scope = app.privileged ? SCOPE_APP_PASS_PRIVILEGED : SCOPE_APP_PASS;
    }
    const tokens = issueSession(ctx, account.did, scope, { refreshId: rotation.nextId });
    const didDoc = await sessionDidDoc(ctx, account.did);
    return { encoding: "application/json", body: { ...sessionOutput(account, tokens), didDoc } };
  },
});
