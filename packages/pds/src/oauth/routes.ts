import { OAuthError } from "@atproto/oauth-provider/errors";
import { oauthMiddleware } from "@atproto/oauth-provider/middleware";
import type { OAuthProvider } from "@atproto/oauth-provider/provider";
import { buildProtectedResourceMetadata } from "@atproto/oauth-provider/utils";
import { API_ENDPOINT_PREFIX } from "@atproto/oauth-provider-api";
import type { Logger } from "pino";
import type { ServerConfig } from "../config.js";
import type { HttpApp, PathHandler } from "../server.js";
import { authorizePage } from "./authorize-page.js";
import { EXPLORER_METADATA_PATH, explorerMetadataRoute } from "./explorer-client.js";

/**
 * The provider's API methods the sign-in page calls. Its others (sign-up, password reset, email and
 * account management) belong to its own UI and stay unrouted, as do its account pages and assets.
 */
export const PAGE_API = ["sign-in", "sign-out", "consent", "reject"].map(
  (name) => `${API_ENDPOINT_PREFIX}/${name}`,
);
const PROVIDER_PATHS = [
  "/oauth/par",
  "/oauth/token",
  "/oauth/revoke",
  "/oauth/jwks",
  "/oauth/authorize/redirect",
];

/**
 * Mounts the authorization server on our HTTP layer, each path exactly: the two metadata documents,
 * the provider's endpoints (PAR, token, revoke, JWKS, the page's API and the redirect back to the
 * client) and our sign-in page at `/oauth/authorize` (docs/decisions.md says why it is ours).
 */
export function registerOAuthRoutes(
  app: HttpApp,
  provider: OAuthProvider,
  config: ServerConfig,
  logger: Logger,
): void {
  const handle = oauthMiddleware(provider, {
    onError: (_req, _res, err, message) => {
      // Refused requests are the client's business; only the server's own failures are logged as errors.
      if (err instanceof OAuthError && err.status < 500) logger.debug({ err }, message);
      else logger.error({ err }, message);
    },
  }) as PathHandler;
  app.paths.set("/.well-known/oauth-protected-resource", protectedResource(config));
  app.paths.set("/.well-known/oauth-authorization-server", handle);
  app.paths.set("/oauth/authorize", authorizePage(provider, logger));
  app.paths.set(EXPLORER_METADATA_PATH, explorerMetadataRoute(config));
  for (const path of [...PROVIDER_PATHS, ...PAGE_API]) app.paths.set(path, handle);
}

/** `/.well-known/oauth-protected-resource`: this PDS is the resource, and its own authorization server. */
function protectedResource(config: ServerConfig): PathHandler {
  const body = JSON.stringify(
    buildProtectedResourceMetadata({
      resource: config.publicUrl as `https://${string}`,
      authorization_servers: [config.publicUrl as `https://${string}`],
      bearer_methods_supported: ["header"],
      scopes_supported: [],
      resource_documentation: "https://atproto.com",
    }),
  );
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=300" });
    res.end(req.method === "HEAD" ? undefined : body);
  };
}
