import { InvalidRequestError as OAuthInvalidRequestError } from "@atproto/oauth-provider/errors";
import { AccessTokenMode, JoseKey, OAuthProvider } from "@atproto/oauth-provider/provider";
import type { AccountManager } from "../account/manager.js";
import type { ServerConfig } from "../config.js";
import type { Db } from "../db/database.js";
import { consumeLoginAttempt, type RateLimiter } from "../rate-limit.js";
import { XRPCError } from "../xrpc/errors.js";
import { explorerClientId } from "./explorer-client.js";
import { oauthKeys } from "./keys.js";
import { sqliteOAuthStores } from "./store/index.js";

/**
 * Access tokens live 15 minutes (the reference keeps the provider's 60): the atproto profile wants
 * under 30, and a refresh is one request.
 */
export const ACCESS_TOKEN_MAX_AGE_MS = 15 * 60 * 1000;

/** What the provider is built from. */
export interface OAuthProviderDeps {
  config: ServerConfig;
  db: Db;
  accounts: AccountManager;
  jwtSecret: string;
  /** For the sign-in rate limit (the same budget as createSession's). */
  rateLimiter: RateLimiter;
  /**
   * How client metadata and JWKS documents are fetched. Default: the provider's SSRF-safe fetch
   * (public unicast addresses only, https, 512 KB, 10 s, no redirects). Tests pass one that reaches
   * their loopback fixtures.
   */
  safeFetch?: typeof globalThis.fetch;
}

/**
 * The PDS as its own OAuth authorization server (`@atproto/oauth-provider`, the reference's): PAR,
 * PKCE S256, DPoP with server nonces, client metadata from the client_id URL and loopback clients,
 * private_key_jwt. Tokens are stateful: every use is checked against `oauth_token`, so a revocation
 * takes effect at once.
 */
export async function createOAuthProvider(deps: OAuthProviderDeps): Promise<OAuthProvider> {
  const { config, db, accounts } = deps;
  const { accessTokenKey, dpopSecret } = oauthKeys(deps.jwtSecret);
  return new OAuthProvider({
    issuer: config.publicUrl,
    keyset: [await JoseKey.fromKeyLike(accessTokenKey, "oauth-access-token", "HS256")],
    dpopSecret,
    ...sqliteOAuthStores(db, accounts, config.serviceDid),
    ...(deps.safeFetch && { safeFetch: deps.safeFetch }),
    accessTokenMode: AccessTokenMode.stateful,
    tokenMaxAge: ACCESS_TOKEN_MAX_AGE_MS,
    metadata: { protected_resources: [new URL(config.publicUrl).origin] },
    availableUserDomains: config.handleDomains,
    inviteCodeRequired: config.inviteRequired,
    // The explorer this server ships is its own app: its name may be shown, and trusted.
    getClientInfo: (clientId) =>
      clientId === explorerClientId(config) ? { isFirstParty: true, isTrusted: true } : undefined,
    onSignInAttempt: ({ data, deviceMetadata }) => {
      try {
        consumeLoginAttempt(deps, data.username, deviceMetadata.ipAddress);
      } catch (err) {
        if (err instanceof XRPCError)
          throw new OAuthInvalidRequestError("Too many sign-in attempts; try later");
        throw err;
      }
    },
  });
}
