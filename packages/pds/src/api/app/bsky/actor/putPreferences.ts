import {
  type Preference,
  PreferenceForbiddenError,
  PreferenceNamespaceError,
} from "../../../../account/preferences.js";
import { SCOPE_ACCESS } from "../../../../auth/scopes.js";
import { accessStandard } from "../../../../auth/verifier.js";
import { forwardIfProxiedElsewhere } from "../../../../proxy/forward-route.js";
import { requireAppViewRpcScope } from "../../../../proxy/rpc-scope.js";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { objectInput } from "../../../input.js";

const NSID = "app.bsky.actor.putPreferences";

/** The body, checked: a list of objects, each with a string `$type`. */
function parsePreferences(body: unknown): Preference[] {
  const input = objectInput(body);
  if (!Array.isArray(input.preferences)) {
    throw new InvalidRequestError('Input must have the property "preferences"');
  }
  for (const pref of input.preferences) {
    if (pref === null || typeof pref !== "object" || Array.isArray(pref)) {
      throw new InvalidRequestError("Input/preferences must hold objects");
    }
    if (typeof (pref as { $type?: unknown }).$type !== "string") {
      throw new InvalidRequestError("Preference is missing a $type");
    }
  }
  return input.preferences as Preference[];
}

/**
 * `app.bsky.actor.putPreferences`: replaces the account's app.bsky preferences (kept here); forwarded
 * when `atproto-proxy` names another AppView.
 */
export const putPreferences = defineRoute({
  nsid: NSID,
  type: "procedure",
  auth: accessStandard,
  input: "json",
  handler: async ({ ctx, auth, req, input }) => {
    // Checked only when kept here: another AppView may take other preferences.
    requireAppViewRpcScope(ctx, req, auth, NSID);
    const forwarded = await forwardIfProxiedElsewhere(ctx, req, auth, NSID, input);
    if (forwarded) return forwarded;
    const preferences = parsePreferences(input);
    try {
      ctx.accounts.preferences.put(auth.did, preferences, "app.bsky", {
        fullAccess: auth.scope === SCOPE_ACCESS,
      });
    } catch (err) {
      if (err instanceof PreferenceNamespaceError) {
        throw new InvalidRequestError("Some preferences are not in the app.bsky namespace");
      }
      if (err instanceof PreferenceForbiddenError) {
        throw new InvalidRequestError(
          `Do not have authorization to set preferences: ${err.types.join(", ")}`,
        );
      }
      throw err;
    }
    return undefined;
  },
});
