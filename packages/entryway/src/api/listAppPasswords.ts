import { accessStandard } from "../auth/verifier.js";
import { defineEntrywayRoute } from "./route.js";

/** `com.atproto.server.listAppPasswords`: names and dates, never the passwords. */
export const listAppPasswords = defineEntrywayRoute({
  nsid: "com.atproto.server.listAppPasswords",
  type: "query",
  auth: accessStandard,
  handler: async ({ ctx, auth }) => ({
    encoding: "application/json",
    body: { passwords: await ctx.directory.appPasswords.list(auth.did) },
  }),
});
