import { Es256kVerifier, signEs256k } from "@putrecord/pds/auth/es256k.js";
import { Hs256, type JwtClaims } from "@putrecord/pds/auth/jwt.js";
import { SCOPE_REFRESH, TYP_ACCESS, TYP_REFRESH } from "@putrecord/pds/auth/scopes.js";
import { ACCESS_TOKEN_TTL_S, newRefreshId, REFRESH_TOKEN_TTL_S } from "@putrecord/pds/auth/tokens.js";
import type { Secp256k1Keypair } from "@putrecord/repo";

/** A service token lives one minute: it is made for one call to a cell. */
export const SERVICE_TOKEN_TTL_S = 60;

/** An access/refresh pair, and the refresh token's id and expiry for the directory's record. */
export interface TokenPair {
  accessJwt: string;
  refreshJwt: string;
  refreshId: string;
  refreshExpiresAt: Date;
}

/**
 * The entryway's tokens, as the reference's entryway mode: access tokens are ES256K, signed with a key
 * whose public half every cell holds, `aud` the account's cell (a token for one cell is refused by
 * the others); refresh tokens are HS256, `aud` the entryway, since only the entryway reads them.
 */
export class EntrywayTokens {
  readonly #access: Es256kVerifier;
  readonly #refresh: Hs256;

  constructor(
    readonly signingKey: Secp256k1Keypair,
    refreshSecret: string,
    readonly did: string,
  ) {
    this.#access = new Es256kVerifier(signingKey.did());
    this.#refresh = new Hs256(refreshSecret);
  }

  /** An access token for the account on its cell. */
  createAccess(did: string, cellDid: string, scope: string, ttlS = ACCESS_TOKEN_TTL_S): string {
    const iat = now();
    return signEs256k(this.signingKey, TYP_ACCESS, { scope, sub: did, aud: cellDid, iat, exp: iat + ttlS });
  }

  /** An access token and a refresh token with id `refreshId` (a fresh one unless a rotation continues). */
  createPair(did: string, cellDid: string, scope: string, refreshId = newRefreshId()): TokenPair {
    const iat = now();
    const claims = {
      scope: SCOPE_REFRESH,
      sub: did,
      aud: this.did,
      iat,
      exp: iat + REFRESH_TOKEN_TTL_S,
      jti: refreshId,
    };
    return {
      accessJwt: this.createAccess(did, cellDid, scope),
      refreshJwt: this.#refresh.sign(TYP_REFRESH, claims),
      refreshId,
      refreshExpiresAt: new Date(claims.exp * 1000),
    };
  }

  /** Verifies an access token this entryway made (signature, typ, expiry); the jwt module's errors. */
  verifyAccess(token: string): JwtClaims {
    return this.#access.verify(token, TYP_ACCESS);
  }

  /**
   * The same session for another cell (the account moved there, move/move.ts): a token this entryway
   * made, re-signed with `aud` `cellDid` and its subject, scope and expiry kept; null when it is not one
   * of this entryway's valid access tokens (the cell then refuses it as usual).
   */
  readdress(token: string, cellDid: string): string | null {
    let claims: JwtClaims;
    try {
      claims = this.verifyAccess(token);
    } catch {
      return null;
    }
    return signEs256k(this.signingKey, TYP_ACCESS, { ...claims, aud: cellDid });
  }

  /** Verifies a refresh token this entryway made (signature, typ, expiry); the jwt module's errors. */
  verifyRefresh(token: string): JwtClaims {
    return this.#refresh.verify(token, TYP_REFRESH);
  }

  /** A service token for one internal call `lxm` to the cell `cellDid` (see the cell's service-auth.ts). */
  createService(cellDid: string, lxm: string): string {
    const iat = now();
    return signEs256k(this.signingKey, undefined, {
      iss: this.did,
      aud: cellDid,
      lxm,
      iat,
      exp: iat + SERVICE_TOKEN_TTL_S,
    });
  }
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}
