import { refuseOAuth } from "../../../../auth/permissions.js";
import { accessStandard } from "../../../../auth/verifier.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { objectInput, requiredString } from "../../../input.js";

/** `com.atproto.server.revokeAppPassword`: deletes the app password and ends its sessions. */
export const revokeAppPassword = defineRoute({
  nsid: "com.atproto.server.revokeAppPassword",
  type: "procedure",
  auth: refuseOAuth(accessStandard),
  input: "json",
  parseInput: (body) => ({ name: requiredString(objectInput(body), "name") }),
  handler: ({ ctx, auth, input }) => {
    ctx.db.transaction(() => {
      ctx.accounts.appPasswords.delete(auth.did, input.name);
      ctx.accounts.refreshTokens.revokeForAppPassword(auth.did, input.name);
    })();
    return undefined;
  },
});
