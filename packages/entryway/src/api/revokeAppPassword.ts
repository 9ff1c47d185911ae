import { revokeAppPassword as pdsRevokeAppPassword } from "@putrecord/pds/api/com/atproto/server/revokeAppPassword.js";
import { accessStandard } from "../auth/verifier.js";
import { defineEntrywayRoute } from "./route.js";

/** `com.atproto.server.revokeAppPassword`: deletes it and ends its sessions, in one transaction. */
export const revokeAppPassword = defineEntrywayRoute({
  nsid: "com.atproto.server.revokeAppPassword",
  type: "procedure",
  auth: accessStandard,
  input: "json",
  parseInput: pdsRevokeAppPassword.parseInput,
  handler: async ({ ctx, auth, input }) => {
    await ctx.directory.appPasswords.revoke(auth.did, input.name);
    return undefined;
  },
});
