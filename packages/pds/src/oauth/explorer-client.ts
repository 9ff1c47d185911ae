import type { ServerConfig } from "../config.js";
import type { PathHandler } from "../server.js";

/** Where a public PDS publishes the client metadata of the explorer it serves (the conventional path). */
export const EXPLORER_METADATA_PATH = "/oauth-client-metadata.json";

/** The explorer's client_id on this server: the URL of its metadata document. */
export function explorerClientId(config: ServerConfig): string {
  return `${config.publicUrl}${EXPLORER_METADATA_PATH}`;
}

/**
 * The explorer as an OAuth client of the PDS that serves it: a public browser client (no secret to
 * keep), coming back to the app's root. In development the explorer is a loopback client instead
 * (an http client_id cannot be fetched), so this document exists only on a public (https) server.
 */
export function explorerClientMetadata(config: ServerConfig) {
  return {
    client_id: explorerClientId(config),
    client_name: "Repository explorer",
    client_uri: config.publicUrl,
    application_type: "web",
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    redirect_uris: [`${config.publicUrl}/`],
    scope: "atproto transition:generic",
    token_endpoint_auth_method: "none",
    dpop_bound_access_tokens: true,
  };
}

/** Serves the document (only on a public server; 404 in development). */
export function explorerMetadataRoute(config: ServerConfig): PathHandler {
  const body = JSON.stringify(explorerClientMetadata(config));
  return (_req, res) => {
    if (config.devMode) {
      res
        .writeHead(404, { "content-type": "application/json" })
        .end('{"error":"NotFound","message":"Not Found"}');
      return;
    }
    res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=300" }).end(body);
  };
}
