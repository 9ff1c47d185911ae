import { refreshAuthAllowExpired } from "../auth/verifier.js";
import { defineEntrywayRoute } from "./route.js";

/** `com.atproto.server.deleteSession`: revokes the refresh token's whole chain (an unknown one is fine). */
export const deleteSession = defineEntrywayRoute({
  nsid: "com.atproto.server.deleteSession",
  type: "procedure",
  auth: refreshAuthAllowExpired,
  handler: async ({ ctx, auth }) => {
    await ctx.directory.refreshTokens.revoke(auth.tokenId);
    return undefined;
  },
});
