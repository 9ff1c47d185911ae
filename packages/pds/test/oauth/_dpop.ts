// DPoP proofs made by hand, for the tests that must send wrong ones (replayed, for another URL, with a
// stale nonce). Clients proper use @atproto/oauth-client; the interop tests do.
import { createHash, randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";

/** What a proof claims; each defaults to a fresh, correct value. */
export interface ProofClaims {
  htm: string;
  htu: string;
  nonce?: string;
  /** The access token the proof goes with (its SHA-256 becomes `ath`). */
  accessToken?: string;
  iat?: number;
  jti?: string;
}

/** A DPoP key pair (ES256) that signs proofs. */
export class DpopKey {
  private constructor(
    private readonly privateKey: CryptoKey,
    readonly publicJwk: JWK,
  ) {}

  static async generate(): Promise<DpopKey> {
    const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
    return new DpopKey(privateKey, await exportJWK(publicKey));
  }

  /** A signed proof for one request. */
  proof(claims: ProofClaims): Promise<string> {
    const payload: Record<string, unknown> = {
      htm: claims.htm,
      htu: claims.htu,
      jti: claims.jti ?? randomBytes(16).toString("base64url"),
      iat: claims.iat ?? Math.floor(Date.now() / 1000),
    };
    if (claims.nonce !== undefined) payload.nonce = claims.nonce;
    if (claims.accessToken !== undefined) {
      payload.ath = createHash("sha256").update(claims.accessToken).digest("base64url");
    }
    return new SignJWT(payload)
      .setProtectedHeader({ typ: "dpop+jwt", alg: "ES256", jwk: this.publicJwk })
      .sign(this.privateKey);
  }
}

/** A PKCE pair: the secret verifier and its S256 challenge. */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}
