import { refuseOAuth } from "../../../../auth/permissions.js";
import { accessStandard } from "../../../../auth/verifier.js";
import { defineRoute } from "../../../../xrpc/route.js";

/** `com.atproto.server.listAppPasswords`: names and dates, never the passwords. */
export const listAppPasswords = defineRoute({
  nsid: "com.atproto.server.listAppPasswords",
  type: "query",
  auth: refuseOAuth(accessStandard),
  handler: ({ ctx, auth }) => ({
    encoding: "application/json",
    body: { passwords: ctx.accounts.appPasswords.list(auth.did) },
  }),
});
