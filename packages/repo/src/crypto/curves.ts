/** What differs between the two atproto signing curves; the code around it is shared. */
export interface Curve {
  /** atproto/JWT algorithm name. */
  readonly jwtAlg: "ES256K" | "ES256";
  /** OpenSSL curve name for ECDH key conversion. */
  readonly opensslName: string;
  /** JWK `crv`. */
  readonly jwkCrv: string;
  /** Multicodec prefix of the compressed public key inside did:key. */
  readonly multicodec: readonly [number, number];
  /** Group order; signatures with s above n/2 are "high-S" and rejected. */
  readonly order: bigint;
}

/** secp256k1 (K-256), the default repo signing curve. */
export const SECP256K1: Curve = {
  jwtAlg: "ES256K",
  opensslName: "secp256k1",
  jwkCrv: "secp256k1",
  multicodec: [0xe7, 0x01],
  order: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
};

/** NIST P-256 (secp256r1). */
export const P256: Curve = {
  jwtAlg: "ES256",
  opensslName: "prime256v1",
  jwkCrv: "P-256",
  multicodec: [0x80, 0x24],
  order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
};

/** Both supported curves, for did:key lookup. */
export const CURVES: readonly Curve[] = [SECP256K1, P256];
