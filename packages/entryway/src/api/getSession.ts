import { AuthRequiredError } from "@putrecord/pds/xrpc/errors.js";
import { accessOrTakendown } from "../auth/verifier.js";
import { defineEntrywayRoute } from "./route.js";
import { accountStatus, sessionOutput } from "./session.js";

/** `com.atproto.server.getSession`: who the access token belongs to, and the account's status on its cell. */
export const getSession = defineEntrywayRoute({
  nsid: "com.atproto.server.getSession",
  type: "query",
  auth: accessOrTakendown,
  handler: async ({ ctx, auth }) => {
    const account = await ctx.directory.accounts.attempt(auth.did);
    if (!account) throw new AuthRequiredError("Could not find account", "AccountNotFound");
    return { encoding: "application/json", body: sessionOutput(account, await accountStatus(ctx, account)) };
  },
});
