import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { AppContext } from "../context.js";
import { AuthRequiredError, ForbiddenError, InvalidRequestError } from "../xrpc/errors.js";
import { type JwtClaims, JwtExpiredError } from "./jwt.js";
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
}

/** A verified refresh token: its subject, id and expiry. */
export interface RefreshAuth extends AccessAuth {
  tokenId: string;
  exp: number;
}

/**
 * Ordinary authenticated methods, record writes included: password and app-password sessions of an
 * account that is hosted here and not taken down (a token issued before the takedown stops working).
 */
export function accessStandard(req: IncomingMessage, ctx: AppContext): AccessAuth {
  return access(req, ctx, ACCESS_STANDARD, true);
}

/** Methods that manage credentials: password sessions only (app passwords get "Bad token scope"). */
export function accessFull(req: IncomingMessage, ctx: AppContext): AccessAuth {
  return access(req, ctx, ACCESS_FULL, true);
}

/** getSession: any session of the account, a taken-down one's too (it reports the status). */
export function accessOrTakendown(req: IncomingMessage, ctx: AppContext): AccessAuth {
  return access(req, ctx, [...ACCESS_STANDARD, SCOPE_TAKENDOWN], false);
}

/**
 * Methods a taken-down account may still use to leave (getServiceAuth for createAccount elsewhere,
 * getPreferences): a standard session of an account in good standing, or the `allowTakendown` session.
 */
export function accessStandardOrTakendownSession(req: IncomingMessage, ctx: AppContext): AccessAuth {
  const auth = accessOrTakendown(req, ctx);
  return auth.scope === SCOPE_TAKENDOWN ? auth : accessStandard(req, ctx);
}

/** Identity changes (PLC operations): a password session, or a taken-down account's own session. */
export function accessFullOrTakendownSession(req: IncomingMessage, ctx: AppContext): AccessAuth {
  const auth = accessOrTakendown(req, ctx);
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
): AccessAuth {
  const claims = verifyBearer(req, ctx, TYP_ACCESS, false);
  if (!scopes.includes(claims.scope)) throw new InvalidRequestError("Bad token scope", "InvalidToken");
  if (checkStatus) {
    // The one place a takedown stops every session (a cached lookup); the reference's errors.
    const account = ctx.accounts.getAccount(claims.sub);
    if (!account) throw new ForbiddenError("Account not found", "AccountNotFound");
    if (account.takedownRef !== null) {
      throw new AuthRequiredError("Account has been taken down", "AccountTakedown");
    }
  }
  return { did: claims.sub, scope: claims.scope };
}

function refresh(req: IncomingMessage, ctx: AppContext, allowExpired: boolean): RefreshAuth {
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
