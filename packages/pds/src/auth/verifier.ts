import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ScopePermissions } from "@atproto/oauth-scopes";
import type { AppContext } from "../context.js";
import { AuthRequiredError, ForbiddenError, InvalidRequestError } from "../xrpc/errors.js";
import { type JwtClaims, JwtExpiredError } from "./jwt.js";
import { isDpopRequest, oauthAccess } from "./oauth-access.js";
import {
  ACCESS_FULL,
  ACCESS_STANDARD,
  SCOPE_REFRESH,
  SCOPE_TAKENDOWN,
  TYP_ACCESS,
  TYP_REFRESH,
} from "./scopes.js";

/** Who called: the token's subject DID and its scope. */
export interface AccessAuth {
  did: string;
  scope: string;
  /** An OAuth token's grants, which `requireScope` (permissions.ts) checks; absent for session tokens. */
  permissions?: ScopePermissions;
}

/** A verified refresh token: its subject, id and expiry. */
export interface RefreshAuth extends AccessAuth {
  tokenId: string;
  exp: number;
}

/** What an access check returns: synchronous for session tokens, a promise for OAuth (DPoP) ones. */
export type AccessResult = AccessAuth | Promise<AccessAuth>;

/**
 * Ordinary authenticated methods, record writes included: password and app-password sessions and
 * OAuth tokens of an account that is hosted here and not taken down (a token issued before the
 * takedown stops working). What an OAuth token may do is checked by `requireScope`.
 */
export function accessStandard(req: IncomingMessage, ctx: AppContext, res?: ServerResponse): AccessResult {
  return access(req, ctx, ACCESS_STANDARD, true, res);
}

/**
 * Methods that manage credentials: password sessions (app passwords get "Bad token scope"), and OAuth
 * tokens, which the route then holds to its `account:`/`identity:` scope or refuses (permissions.ts).
 */
export function accessFull(req: IncomingMessage, ctx: AppContext, res?: ServerResponse): AccessResult {
  return access(req, ctx, ACCESS_FULL, true, res);
}

/** getSession: any session of the account, a taken-down one's too (it reports the status). */
export function accessOrTakendown(req: IncomingMessage, ctx: AppContext, res?: ServerResponse): AccessResult {
  return access(req, ctx, [...ACCESS_STANDARD, SCOPE_TAKENDOWN], false, res);
}

/**
 * Methods a taken-down account may still use to leave (getServiceAuth for createAccount elsewhere,
 * getPreferences): a standard session of an account in good standing, or the `allowTakendown` session.
 * An OAuth token is never a takedown session: it is verified once, as accessStandard does.
 */
export async function accessStandardOrTakendownSession(
  req: IncomingMessage,
  ctx: AppContext,
  res?: ServerResponse,
): Promise<AccessAuth> {
  if (isDpopRequest(req)) return accessStandard(req, ctx, res);
  const auth = await accessOrTakendown(req, ctx);
  return auth.scope === SCOPE_TAKENDOWN ? auth : accessStandard(req, ctx);
}

/** Identity changes (PLC operations): a password session, or a taken-down account's own session. */
export async function accessFullOrTakendownSession(
  req: IncomingMessage,
  ctx: AppContext,
  res?: ServerResponse,
): Promise<AccessAuth> {
  if (isDpopRequest(req)) return accessFull(req, ctx, res);
  const auth = await accessOrTakendown(req, ctx);
  return auth.scope === SCOPE_TAKENDOWN ? auth : accessFull(req, ctx);
}

/** refreshSession: a live refresh token. */
export function refreshAuth(req: IncomingMessage, ctx: AppContext): RefreshAuth {
  return refresh(req, ctx, false);
}

/** deleteSession: a refresh token, expired or not (revoking a dead token is harmless). */
export function refreshAuthAllowExpired(req: IncomingMessage, ctx: AppContext): RefreshAuth {
  return refresh(req, ctx, true);
}

/** Admin routes: HTTP Basic `admin:<PDS_ADMIN_PASSWORD>`. */
export function adminAuth(req: IncomingMessage, ctx: AppContext): { admin: true } {
  // Every failure, a missing header included, is the reference's plain 401 AuthenticationRequired.
  const [scheme, encoded] = (req.headers.authorization ?? "").split(" ");
  const expected = Buffer.from(`admin:${ctx.secrets.adminPassword}`);
  const given = Buffer.from(scheme?.toLowerCase() === "basic" ? (encoded ?? "") : "", "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AuthRequiredError();
  }
  return { admin: true };
}

function access(
  req: IncomingMessage,
  ctx: AppContext,
  scopes: readonly string[],
  checkStatus: boolean,
  res: ServerResponse | undefined,
): AccessResult {
  if (isDpopRequest(req)) {
    return oauthAccess(req, ctx, res).then((auth) => (checkStatus ? checkAccount(ctx, auth) : auth));
  }
  const claims = verifyBearer(req, ctx, TYP_ACCESS, false);
  if (!scopes.includes(claims.scope)) throw new InvalidRequestError("Bad token scope", "InvalidToken");
  const auth = { did: claims.sub, scope: claims.scope };
  return checkStatus ? checkAccount(ctx, auth) : auth;
}

/** The one place a takedown stops every session and token (a cached lookup); the reference's errors. */
function checkAccount(ctx: AppContext, auth: AccessAuth): AccessAuth {
  const account = ctx.accounts.getAccount(auth.did);
  if (!account) throw new ForbiddenError("Account not found", "AccountNotFound");
  if (account.takedownRef !== null) {
    throw new AuthRequiredError("Account has been taken down", "AccountTakedown");
  }
  return auth;
}

function refresh(req: IncomingMessage, ctx: AppContext, allowExpired: boolean): RefreshAuth {
  // An OAuth token is no session's refresh token: as the reference, no bearer token was given at all.
  if (isDpopRequest(req)) throw new AuthRequiredError("Authentication Required", "AuthMissing");
  const claims = verifyBearer(req, ctx, TYP_REFRESH, allowExpired);
  if (claims.scope !== SCOPE_REFRESH) throw new InvalidRequestError("Bad token scope", "InvalidToken");
  if (typeof claims.jti !== "string")
    throw new AuthRequiredError("Unexpected missing refresh token id", "MissingTokenId");
  return { did: claims.sub, scope: claims.scope, tokenId: claims.jti, exp: claims.exp };
}

/** pds-anchor §2.1: header shape, then signature/typ/expiry, then claims. */
function verifyBearer(req: IncomingMessage, ctx: AppContext, typ: string, allowExpired: boolean): JwtClaims {
  const header = req.headers.authorization;
  if (!header) throw new AuthRequiredError("Authentication Required", "AuthMissing");
  const parts = header.split(" ");
  if (parts.length !== 2) throw new InvalidRequestError("Malformed authorization header", "InvalidToken");
  if (parts[0]!.toLowerCase() !== "bearer") {
    throw new InvalidRequestError("Unexpected authorization type", "InvalidToken");
  }
  let claims: JwtClaims;
  try {
    claims = ctx.tokens.verify(parts[1]!, typ);
  } catch (err) {
    if (!(err instanceof JwtExpiredError)) throw couldNotVerify();
    if (!allowExpired) throw new InvalidRequestError("Token has expired", "ExpiredToken");
    claims = err.claims;
  }
  if (claims.aud !== ctx.config.serviceDid) throw couldNotVerify();
  if (claims.lxm !== undefined || claims.cnf !== undefined) {
    throw new InvalidRequestError("Malformed token", "InvalidToken");
  }
  if (typeof claims.sub !== "string" || !claims.sub.startsWith("did:")) {
    throw new InvalidRequestError("Malformed token", "InvalidToken");
  }
  return claims;
}

function couldNotVerify(): InvalidRequestError {
  return new InvalidRequestError("Token could not be verified", "InvalidToken");
}
