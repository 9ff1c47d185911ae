import type { IncomingMessage } from "node:http";
import type { AppContext } from "../context.js";
import { atprotoSigningKey } from "../identity/did-document.js";
import { AuthRequiredError } from "../xrpc/errors.js";
import { createServiceJwt, ServiceJwtError, verifyServiceJwt } from "./service-jwt.js";

/** A one-minute service token from `iss` (an account hosted here, signed with its repo key) for `aud`. */
export function serviceAuthJwt(ctx: AppContext, iss: string, aud: string, lxm: string): string {
  return createServiceJwt({ iss, aud, lxm, signer: ctx.accounts.signingKey(iss) });
}

/**
 * A route's optional service auth (createAccount with an existing DID): no Authorization header is
 * anonymous (null); a Bearer token must be a service token for this server and `lxm`, signed with the
 * repo key its issuer's DID document names. Failures are 401 with the reference's error names.
 */
export function optionalServiceAuth(lxm: string) {
  return async (req: IncomingMessage, ctx: AppContext): Promise<{ did: string } | null> => {
    const header = req.headers.authorization;
    if (!header) return null;
    const [scheme, token] = header.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token)
      throw new AuthRequiredError("Invalid authorization header");
    try {
      const payload = await verifyServiceJwt(token, {
        aud: ctx.config.serviceDid,
        lxm,
        signingKey: async (iss, forceRefresh) => {
          const doc = await ctx.identity.dids.resolve(iss, { forceRefresh }).catch(() => null);
          const key = doc ? atprotoSigningKey(doc) : null;
          if (key === null) throw new AuthRequiredError("could not resolve iss did", "BadJwtIss");
          return key;
        },
      });
      return { did: payload.iss };
    } catch (err) {
      if (err instanceof ServiceJwtError) throw new AuthRequiredError(err.message, err.error);
      throw err;
    }
  };
}
