import { createECDH, createPrivateKey, type KeyObject, randomBytes } from "node:crypto";
import { type Curve, P256, SECP256K1 } from "./curves.js";
import { formatDidKey } from "./did-key.js";
import { signCompact } from "./ecdsa.js";
import { InvalidPrivateKeyError } from "./errors.js";

const toB64u = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64url");

/** Anything that can sign a commit: its did:key and a sign function. */
export interface Signer {
  readonly jwtAlg: string;
  did(): string;
  sign(data: Uint8Array): Uint8Array;
}

/** An ECDSA keypair on one of the atproto curves, backed by Node's crypto. */
export abstract class EcdsaKeypair implements Signer {
  readonly jwtAlg: string;
  /** The 33-byte compressed public key. */
  readonly publicKey: Uint8Array;
  readonly #privateKey: Uint8Array;
  readonly #key: KeyObject;
  readonly #did: string;

  protected constructor(
    readonly curve: Curve,
    privateKey: Uint8Array,
  ) {
    // createECDH is the one sync Node API that derives the public key from raw private bytes.
    const ecdh = createECDH(curve.opensslName);
    let uncompressed: Buffer;
    try {
      if (privateKey.length !== 32) throw new RangeError("length");
      ecdh.setPrivateKey(privateKey);
      uncompressed = ecdh.getPublicKey();
    } catch {
      throw new InvalidPrivateKeyError(curve.jwtAlg);
    }
    this.jwtAlg = curve.jwtAlg;
    this.#privateKey = Uint8Array.from(privateKey);
    this.publicKey = new Uint8Array(ecdh.getPublicKey(null, "compressed"));
    this.#key = createPrivateKey({
      key: {
        kty: "EC",
        crv: curve.jwkCrv,
        d: toB64u(privateKey),
        x: toB64u(uncompressed.subarray(1, 33)),
        y: toB64u(uncompressed.subarray(33, 65)),
      },
      format: "jwk",
    });
    this.#did = formatDidKey(curve, this.publicKey);
  }

  /** The public key as did:key. */
  did(): string {
    return this.#did;
  }

  /** Signs sha256(data); returns the 64-byte compact low-S signature. */
  sign(data: Uint8Array): Uint8Array {
    return signCompact(this.curve, this.#key, data);
  }

  /** The 32-byte private scalar, for storage. */
  export(): Uint8Array {
    return Uint8Array.from(this.#privateKey);
  }
}

/** A secp256k1 (ES256K) keypair: the default repo signing key. */
export class Secp256k1Keypair extends EcdsaKeypair {
  private constructor(privateKey: Uint8Array) {
    super(SECP256K1, privateKey);
  }

  /** A new random keypair. */
  static create(): Secp256k1Keypair {
    return new Secp256k1Keypair(randomScalar(SECP256K1));
  }

  /** A keypair from 32 private-key bytes; throws InvalidPrivateKeyError. */
  static import(privateKey: Uint8Array): Secp256k1Keypair {
    return new Secp256k1Keypair(privateKey);
  }
}

/** A P-256 (ES256) keypair. */
export class P256Keypair extends EcdsaKeypair {
  private constructor(privateKey: Uint8Array) {
    super(P256, privateKey);
  }

  /** A new random keypair. */
  static create(): P256Keypair {
    return new P256Keypair(randomScalar(P256));
  }

  /** A keypair from 32 private-key bytes; throws InvalidPrivateKeyError. */
  static import(privateKey: Uint8Array): P256Keypair {
    return new P256Keypair(privateKey);
  }
}

function randomScalar(curve: Curve): Uint8Array {
  // Rejection sampling: a 32-byte value is a valid scalar unless it is zero or ≥ n (odds ~2^-128).
  for (;;) {
    const bytes = randomBytes(32);
    const n = BigInt(`0x${bytes.toString("hex")}`);
    if (n > 0n && n < curve.order) return new Uint8Array(bytes);
  }
}
