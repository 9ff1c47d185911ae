import { accountStatus } from "../../../../account/session.js";
import { allowsScope } from "../../../../auth/permissions.js";
import { accessOrTakendown } from "../../../../auth/verifier.js";
import { AuthRequiredError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { sessionDidDoc } from "../../../session-did-doc.js";

/** `com.atproto.server.getSession`: who the access token belongs to. */
export const getSession = defineRoute({
  nsid: "com.atproto.server.getSession",
  type: "query",
  auth: accessOrTakendown,
  handler: async ({ ctx, auth }) => {
    const account = ctx.accounts.getAccount(auth.did);
    if (!account) throw new AuthRequiredError("Could not find account", "AccountNotFound");
    const body: Record<string, unknown> = { handle: account.handle, did: account.did };
    // An OAuth app sees the email only with `account:email` (or `transition:email`), as the reference.
    const showEmail = allowsScope(auth, { account: { attr: "email", action: "read" } });
    if (account.email !== undefined && showEmail)
      Object.assign(body, { email: account.email, emailConfirmed: false });
    const didDoc = await sessionDidDoc(ctx, account.did);
    return { encoding: "application/json", body: { ...body, didDoc, ...accountStatus(account) } };
  },
});
