import { randomBytes } from "node:crypto";
import { Es256kVerifier, jwtAlg } from "./es256k.js";
import { Hs256, type JwtClaims } from "./jwt.js";
import { SCOPE_REFRESH, TYP_ACCESS, TYP_REFRESH } from "./scopes.js";

/** Access tokens live two hours, as the reference's. */
export const ACCESS_TOKEN_TTL_S = 2 * 60 * 60;
/** Refresh tokens live ninety days. */
export const REFRESH_TOKEN_TTL_S = 90 * 24 * 60 * 60;

/** An access/refresh pair as the session methods return it. */
export interface TokenPair {
  accessJwt: string;
  refreshJwt: string;
  /** The refresh token's id (`jti`) and expiry, for the server-side record. */
  refreshId: string;
  refreshExpiresAt: Date;
}

/** A fresh refresh-token id: 32 random bytes. */
export function newRefreshId(): string {
  return randomBytes(32).toString("base64url");
}

/** Issues and verifies this server's session tokens (audience: the service DID). */
export class SessionTokens {
  readonly #jwt: Hs256;
  readonly #entryway: Es256kVerifier | undefined;

  /** `entrywayKey`: the did:key of an entryway whose ES256K access tokens this server (a cell) takes. */
  constructor(
    secret: string,
    readonly serviceDid: string,
    entrywayKey?: string,
  ) {
    this.#jwt = new Hs256(secret);
    this.#entryway = entrywayKey === undefined ? undefined : new Es256kVerifier(entrywayKey);
  }

  /** An access token with `scope`, valid for ACCESS_TOKEN_TTL_S. */
  createAccess(did: string, scope: string, ttlS = ACCESS_TOKEN_TTL_S): string {
    return this.#jwt.sign(TYP_ACCESS, this.#claims(did, scope, ttlS));
  }

  /** A refresh token with id `jti`, valid for `ttlS` (negative ttls make expired tokens for tests). */
  createRefresh(did: string, jti: string, ttlS = REFRESH_TOKEN_TTL_S): string {
    return this.#jwt.sign(TYP_REFRESH, { ...this.#claims(did, SCOPE_REFRESH, ttlS), jti });
  }

  /** An access token and a new refresh token. */
  createPair(did: string, scope: string, refreshId = newRefreshId()): TokenPair {
    const refreshJwt = this.createRefresh(did, refreshId);
    return {
      accessJwt: this.createAccess(did, scope),
      refreshJwt,
      refreshId,
      refreshExpiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_S * 1000),
    };
  }

  /** Verifies signature, `typ` and expiry (see Hs256.verify for the errors thrown). */
  verify(token: string, typ: string): JwtClaims {
    if (this.#entryway !== undefined && jwtAlg(token) === "ES256K") return this.#entryway.verify(token, typ);
    return this.#jwt.verify(token, typ);
  }

  #claims(did: string, scope: string, ttlS: number): JwtClaims {
    const iat = Math.floor(Date.now() / 1000);
    return { scope, sub: did, aud: this.serviceDid, iat, exp: iat + ttlS };
  }
}
