import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { type JwtClaims, JwtExpiredError } from "@putrecord/pds/auth/jwt.js";
import { ACCESS_FULL, ACCESS_STANDARD, SCOPE_REFRESH, SCOPE_TAKENDOWN } from "@putrecord/pds/auth/scopes.js";
import type { AccessAuth, RefreshAuth } from "@putrecord/pds/auth/verifier.js";
import { AuthRequiredError, InvalidRequestError } from "@putrecord/pds/xrpc/errors.js";
import type { EntrywayContext } from "../context.js";

/**
 * The entryway's auth steps, with the PDS's errors (auth/verifier.ts there). Account status is the cell's
 * business: the cell refuses a taken-down account's token on every call it serves.
 */
export const accessStandard = (req: IncomingMessage, ctx: EntrywayContext): AccessAuth =>
  access(req, ctx, ACCESS_STANDARD);
/** Credential management: password sessions only. */
export const accessFull = (req: IncomingMessage, ctx: EntrywayContext): AccessAuth =>
  access(req, ctx, ACCESS_FULL);
/** getSession: any session, a taken-down one's too. */
export const accessOrTakendown = (req: IncomingMessage, ctx: EntrywayContext): AccessAuth =>
  access(req, ctx, [...ACCESS_STANDARD, SCOPE_TAKENDOWN]);
/** refreshSession: a live refresh token. */
export const refreshAuth = (req: IncomingMessage, ctx: EntrywayContext): RefreshAuth =>
  refresh(req, ctx, false);
/** deleteSession: a refresh token, expired or not. */
export const refreshAuthAllowExpired = (req: IncomingMessage, ctx: EntrywayContext): RefreshAuth =>
  refresh(req, ctx, true);

/** Admin methods: HTTP Basic `admin:<password>`, compared in constant time. */
export function adminAuth(req: IncomingMessage, ctx: EntrywayContext): { admin: true } {
  const [scheme, encoded] = (req.headers.authorization ?? "").split(" ");
  const expected = Buffer.from(`admin:${ctx.secrets.adminPassword}`);
  const given = Buffer.from(scheme?.toLowerCase() === "basic" ? (encoded ?? "") : "", "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AuthRequiredError();
  return { admin: true };
}

function access(req: IncomingMessage, ctx: EntrywayContext, scopes: readonly string[]): AccessAuth {
  const claims = verify(req, (token) => ctx.tokens.verifyAccess(token), false);
  // An access token is for one cell: any cell of this deployment, so a token made here.
  if (!ctx.directory.cells.all().some((cell) => cell.did === claims.aud)) throw couldNotVerify();
  if (!scopes.includes(claims.scope)) throw new InvalidRequestError("Bad token scope", "InvalidToken");
  return { did: claims.sub, scope: claims.scope };
}

function refresh(req: IncomingMessage, ctx: EntrywayContext, allowExpired: boolean): RefreshAuth {
  const claims = verify(req, (token) => ctx.tokens.verifyRefresh(token), allowExpired);
  if (claims.aud !== ctx.tokens.did) throw couldNotVerify();
  if (claims.scope !== SCOPE_REFRESH) throw new InvalidRequestError("Bad token scope", "InvalidToken");
  if (typeof claims.jti !== "string") {
    throw new AuthRequiredError("Unexpected missing refresh token id", "MissingTokenId");
  }
  return { did: claims.sub, scope: claims.scope, tokenId: claims.jti, exp: claims.exp };
}

function verify(req: IncomingMessage, check: (token: string) => JwtClaims, allowExpired: boolean): JwtClaims {
  const header = req.headers.authorization;
  if (!header) throw new AuthRequiredError("Authentication Required", "AuthMissing");
  const parts = header.split(" ");
  if (parts.length !== 2) throw new InvalidRequestError("Malformed authorization header", "InvalidToken");
  if (parts[0]!.toLowerCase() !== "bearer")
    throw new InvalidRequestError("Unexpected authorization type", "InvalidToken");
  let claims: JwtClaims;
  try {
    claims = check(parts[1]!);
  } catch (err) {
    if (!(err instanceof JwtExpiredError)) throw couldNotVerify();
    if (!allowExpired) throw new InvalidRequestError("Token has expired", "ExpiredToken");
    claims = err.claims;
  }
  if (
    claims.lxm !== undefined ||
    claims.cnf !== undefined ||
    typeof claims.sub !== "string" ||
    !claims.sub.startsWith("did:")
  ) {
    throw new InvalidRequestError("Malformed token", "InvalidToken");
  }
  return claims;
}

function couldNotVerify(): InvalidRequestError {
  return new InvalidRequestError("Token could not be verified", "InvalidToken");
}
