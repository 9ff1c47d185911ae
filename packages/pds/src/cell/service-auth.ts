import type { IncomingMessage } from "node:http";
import { Es256kVerifier } from "../auth/es256k.js";
import { JwtExpiredError } from "../auth/jwt.js";
import type { AppContext } from "../context.js";
import { AuthRequiredError } from "../xrpc/errors.js";
import type { EntrywayTrust } from "./trust.js";

/** The longest a service token may live: the entryway makes a fresh one per call. */
export const MAX_SERVICE_TOKEN_TTL_S = 5 * 60;

const verifiers = new WeakMap<EntrywayTrust, Es256kVerifier>();

/**
 * The auth step of the cell's internal methods: a service token (no `typ`, as atproto service auth)
 * signed with the entryway's key, `iss` the entryway, `aud` this cell, `lxm` exactly this method,
 * short-lived. A user's access token (typ `at+jwt`) never passes here, nor one made for another method.
 */
export function entrywayServiceAuth(lxm: string) {
  return (req: IncomingMessage, ctx: AppContext): { entryway: string } => {
    const trust = ctx.config.entryway;
    const [scheme, token] = (req.headers.authorization ?? "").split(" ");
    if (trust === undefined || scheme?.toLowerCase() !== "bearer" || !token) {
      throw new AuthRequiredError("Entryway service auth required", "AuthMissing");
    }
    let verifier = verifiers.get(trust);
    if (verifier === undefined) {
      verifier = new Es256kVerifier(trust.verifyKey);
      verifiers.set(trust, verifier);
    }
    let claims: Record<string, unknown>;
    try {
      claims = verifier.verify(token, undefined);
    } catch (err) {
      const expired = err instanceof JwtExpiredError;
      throw new AuthRequiredError(
        expired ? "Token has expired" : "Token could not be verified",
        "BadServiceAuth",
      );
    }
    const now = Math.floor(Date.now() / 1000);
    const ok =
      claims.iss === trust.did &&
      claims.aud === ctx.config.serviceDid &&
      claims.lxm === lxm &&
      typeof claims.exp === "number" &&
      claims.exp - now <= MAX_SERVICE_TOKEN_TTL_S;
    if (!ok) throw new AuthRequiredError("Not the entryway's token for this method", "BadServiceAuth");
    return { entryway: trust.did };
  };
}
