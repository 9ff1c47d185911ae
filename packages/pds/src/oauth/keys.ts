import { createSecretKey, hkdfSync, type KeyObject } from "node:crypto";

/**
 * Keys the OAuth provider needs, derived from the server's JWT secret (HKDF-SHA256, one label each),
 * so no new secret has to be stored, and a derived key never signs what the secret itself signs:
 * an OAuth access token can never pass as a session token, or a session token as an OAuth one.
 */
export function oauthKeys(jwtSecret: string): { accessTokenKey: KeyObject; dpopSecret: Uint8Array } {
  const derive = (label: string) =>
    new Uint8Array(hkdfSync("sha256", Buffer.from(jwtSecret, "utf8"), new Uint8Array(0), label, 32));
  return {
    accessTokenKey: createSecretKey(derive("putrecord oauth access token HS256")),
    dpopSecret: derive("putrecord oauth dpop nonce"),
  };
}
