import { refreshAuthAllowExpired } from "../../../../auth/verifier.js";
import { defineRoute } from "../../../../xrpc/route.js";

/** `com.atproto.server.deleteSession`: revokes the refresh token (an expired or revoked one is fine). */
export const deleteSession = defineRoute({
  nsid: "com.atproto.server.deleteSession",
  type: "procedure",
  auth: refreshAuthAllowExpired,
  handler: ({ ctx, auth }) => {
    ctx.accounts.refreshTokens.revoke(auth.tokenId);
    return undefined;
  },
});
