import type { IncomingMessage, ServerResponse } from "node:http";
import { OAuthError, WWWAuthenticateError } from "@atproto/oauth-provider/errors";
import { ScopePermissionsTransition } from "@atproto/oauth-scopes";
import type { AppContext } from "../context.js";
import { InvalidRequestError, XRPCError } from "../xrpc/errors.js";
import type { AccessAuth } from "./verifier.js";

/** Response headers a browser client must be allowed to read to follow the DPoP nonce flow. */
const EXPOSED = "DPoP-Nonce, WWW-Authenticate";

/** True when the request authenticates with `Authorization: DPoP <token>` (an OAuth access token). */
export function isDpopRequest(req: IncomingMessage): boolean {
  return /^dpop /i.test(req.headers.authorization ?? "");
}

/**
 * Verifies an OAuth access token and its DPoP proof (method, URL, `iat`, `jti` never seen before,
 * the server's current nonce, the key the token is bound to) through the provider, then the token
 * itself against `oauth_token` (revoked tokens fail at once). Every answer carries the next nonce.
 * Errors are the provider's, as XRPC errors: 401 `use_dpop_nonce`, `invalid_dpop_proof` or
 * `invalid_token` with their `WWW-Authenticate`, as the reference answers.
 */
export async function oauthAccess(
  req: IncomingMessage,
  ctx: AppContext,
  res: ServerResponse | undefined,
): Promise<AccessAuth> {
  const nonce = ctx.oauth.nextDpopNonce();
  if (nonce && res) {
    res.setHeader("DPoP-Nonce", nonce);
    res.setHeader("Access-Control-Expose-Headers", EXPOSED);
  }
  // The proof's `htu` names the URL the client was given (the public one), whatever Host it reached.
  const url = new URL(req.url ?? "/", ctx.config.publicUrl);
  let payload: Awaited<ReturnType<AppContext["oauth"]["authenticateRequest"]>>;
  try {
    payload = await ctx.oauth.authenticateRequest(req.method ?? "GET", url, req.headers, {
      audience: [ctx.config.serviceDid],
      scope: ["atproto"],
    });
  } catch (err) {
    throw toXrpc(err);
  }
  if (typeof payload.sub !== "string" || !payload.sub.startsWith("did:")) {
    throw new InvalidRequestError("Malformed token", "InvalidToken");
  }
  const scope = payload.scope ?? "";
  return { did: payload.sub, scope, permissions: new ScopePermissionsTransition(scope.split(" ")) };
}

function toXrpc(err: unknown): unknown {
  if (!(err instanceof OAuthError)) return err;
  const headers: Record<string, string> =
    err instanceof WWWAuthenticateError ? { "WWW-Authenticate": err.wwwAuthenticateHeader } : {};
  return new XRPCError(err.status, err.error, err.error_description, headers);
}
