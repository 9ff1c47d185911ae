import { createAppPassword as pdsCreateAppPassword } from "@putrecord/pds/api/com/atproto/server/createAppPassword.js";
import { accessFull } from "../auth/verifier.js";
import { defineEntrywayRoute } from "./route.js";

/** `com.atproto.server.createAppPassword`: full sessions only; kept in the directory. */
export const createAppPassword = defineEntrywayRoute({
  nsid: "com.atproto.server.createAppPassword",
  type: "procedure",
  auth: accessFull,
  input: "json",
  parseInput: pdsCreateAppPassword.parseInput,
  handler: async ({ ctx, auth, input }) => ({
    encoding: "application/json",
    body: await ctx.directory.appPasswords.create(auth.did, input.name, input.privileged),
  }),
});
