import { createInviteCode as pdsCreateInviteCode } from "@putrecord/pds/api/com/atproto/server/createInviteCode.js";
import { adminAuth } from "../auth/verifier.js";
import { defineEntrywayRoute } from "./route.js";

/** `com.atproto.server.createInviteCode` (admin): a code good for `useCount` sign-ups on any cell. */
export const createInviteCode = defineEntrywayRoute({
  nsid: "com.atproto.server.createInviteCode",
  type: "procedure",
  auth: adminAuth,
  input: "json",
  parseInput: pdsCreateInviteCode.parseInput,
  handler: async ({ ctx, input }) => ({
    encoding: "application/json",
    body: { code: await ctx.directory.invites.create(ctx.config.hostname, input.useCount) },
  }),
});
