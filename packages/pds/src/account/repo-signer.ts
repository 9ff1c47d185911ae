import { createRequire } from "node:module";
import { type Secp256k1Keypair, type Signer, sha256 } from "@putrecord/repo";

/** The part of the `secp256k1` package (bitcoin-core's libsecp256k1, prebuilt N-API binary) we call. */
interface Libsecp256k1 {
  ecdsaSign(msg32: Uint8Array, seckey: Uint8Array): { signature: Uint8Array; recid: number };
}

/**
 * libsecp256k1 signs in about 40 µs where OpenSSL takes 350 µs (docs/decisions.md), and every commit is
 * signed on the write path. Its binary is prebuilt for the common platforms; anywhere it does not load,
 * the core keypair's Node crypto signing serves, with the same signatures' validity.
 */
const libsecp: Libsecp256k1 | null = (() => {
  try {
    // The bindings entry, not the package root: the root silently falls back to the slow `elliptic`.
    return createRequire(import.meta.url)("secp256k1/bindings.js") as Libsecp256k1;
  } catch {
    return null;
  }
})();

/** Which implementation signs repo commits on this machine (for the start-up log). */
export const repoSignerBackend: "libsecp256k1" | "node:crypto" = libsecp ? "libsecp256k1" : "node:crypto";

/**
 * A repo's commit signer on the fastest available secp256k1 implementation. libsecp256k1 signs
 * deterministically (RFC 6979) and always in low-S form, as atproto requires.
 */
export function repoSigner(keypair: Secp256k1Keypair): Signer {
  if (libsecp === null) return keypair;
  const lib = libsecp;
  const scalar = keypair.export();
  return {
    jwtAlg: keypair.jwtAlg,
    did: () => keypair.did(),
    sign: (data) => lib.ecdsaSign(sha256(data), scalar).signature,
  };
}
