import { SCOPE_ACCESS } from "../../../../auth/scopes.js";
import { accessStandardOrTakendownSession } from "../../../../auth/verifier.js";
import { forwardIfProxiedElsewhere } from "../../../../proxy/forward-route.js";
import { requireAppViewRpcScope } from "../../../../proxy/rpc-scope.js";
import { defineRoute } from "../../../../xrpc/route.js";

const NSID = "app.bsky.actor.getPreferences";

/**
 * `app.bsky.actor.getPreferences`: the account's app.bsky preferences, kept here (a taken-down account
 * may still read them, to move them elsewhere); forwarded when `atproto-proxy` names another AppView.
 */
export const getPreferences = defineRoute({
  nsid: NSID,
  type: "query",
  auth: accessStandardOrTakendownSession,
  handler: async ({ ctx, auth, req }) => {
    requireAppViewRpcScope(ctx, req, auth, NSID);
    const forwarded = await forwardIfProxiedElsewhere(ctx, req, auth, NSID);
    if (forwarded) return forwarded;
    const fullAccess = auth.scope === SCOPE_ACCESS;
    const preferences = ctx.accounts.preferences.get(auth.did, "app.bsky", { fullAccess });
    return { encoding: "application/json", body: { preferences } };
  },
});
