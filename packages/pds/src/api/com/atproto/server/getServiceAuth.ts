import { isValidDid } from "@atproto/syntax";
import { requireScope } from "../../../../auth/permissions.js";
import { SCOPE_APP_PASS, SCOPE_TAKENDOWN } from "../../../../auth/scopes.js";
import { createServiceJwt } from "../../../../auth/service-jwt.js";
import { accessStandardOrTakendownSession } from "../../../../auth/verifier.js";
import { PRIVILEGED_METHODS, PROTECTED_METHODS } from "../../../../proxy/methods.js";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { intParam, optionalFormatParam, requiredParam } from "../../../params.js";

/** The reference's bounds on a requested expiry: an hour, or a minute for a token bound to no method. */
const MAX_TTL_S = 60 * 60;
const MAX_TTL_NO_METHOD_S = 60;

/** `did` or `did#serviceId`, as a token's audience may be. */
function isAudience(value: string): boolean {
  const hash = value.indexOf("#");
  if (hash === -1) return isValidDid(value);
  return isValidDid(value.slice(0, hash)) && /^[a-zA-Z0-9._~:-]+$/.test(value.slice(hash + 1));
}

/**
 * `com.atproto.server.getServiceAuth`: a token signed with the caller's repo key for another service,
 * within the reference's limits. A taken-down account's session may only mint one for createAccount
 * (moving its data elsewhere); account management methods never get one.
 */
export const getServiceAuth = defineRoute({
  nsid: "com.atproto.server.getServiceAuth",
  type: "query",
  auth: accessStandardOrTakendownSession,
  handler: ({ ctx, auth, params }) => {
    const aud = requiredParam(params, "aud");
    if (!isAudience(aud)) {
      throw new InvalidRequestError("aud must be a valid atproto DID or did#serviceId reference");
    }
    const lxm = optionalFormatParam(params, "lxm", "nsid") ?? null;
    requireScope(auth, { rpc: { aud, lxm: lxm ?? "*" } });
    const exp = params.exp === undefined ? undefined : intParam(params, "exp", 0, Number.MAX_SAFE_INTEGER, 0);
    if (auth.scope === SCOPE_TAKENDOWN && lxm !== "com.atproto.server.createAccount") {
      throw new InvalidRequestError("Bad token scope", "InvalidToken");
    }
    if (lxm !== null && PRIVILEGED_METHODS.has(lxm) && auth.scope === SCOPE_APP_PASS) {
      throw new InvalidRequestError(
        `insufficient access to request a service auth token for the following method: ${lxm}`,
      );
    }
    if (exp !== undefined) {
      const ttl = exp - Date.now() / 1000;
      if (ttl < 0) throw new InvalidRequestError("expiration is in past", "BadExpiration");
      if (ttl > MAX_TTL_S) {
        throw new InvalidRequestError(
          "cannot request a token with an expiration more than an hour in the future",
          "BadExpiration",
        );
      }
      if (lxm === null && ttl > MAX_TTL_NO_METHOD_S) {
        throw new InvalidRequestError(
          "cannot request a method-less token with an expiration more than a minute in the future",
          "BadExpiration",
        );
      }
    }
    if (lxm !== null && PROTECTED_METHODS.has(lxm)) {
      throw new InvalidRequestError(
        `cannot request a service auth token for the following protected method: ${lxm}`,
      );
    }
    const token = createServiceJwt({
      iss: auth.did,
      aud,
      lxm,
      exp,
      signer: ctx.accounts.signingKey(auth.did),
    });
    return { encoding: "application/json", body: { token } };
  },
});
