import { createPublicKey, ECDH, type KeyObject, sign, verify } from "node:crypto";
import type { Curve } from "./curves.js";

// Node's OpenSSL signs and verifies several times faster than @noble/curves (see docs/decisions.md);
// it only lacks low-S normalisation, which is one bigint comparison here.

const toB64u = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64url");

function bigintFrom(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`);
}

/** A JWK public KeyObject from a compressed key; throws if the bytes are not a curve point. */
export function publicKeyObject(curve: Curve, compressed: Uint8Array): KeyObject {
  const raw = ECDH.convertKey(compressed, curve.opensslName, undefined, undefined, "uncompressed") as Buffer;
  return createPublicKey({
    key: { kty: "EC", crv: curve.jwkCrv, x: toB64u(raw.subarray(1, 33)), y: toB64u(raw.subarray(33, 65)) },
    format: "jwk",
  });
}

/** True when the 64-byte r‖s signature has s ≤ n/2 (atproto forbids the malleable high-S twin). */
export function isLowS(curve: Curve, sig: Uint8Array): boolean {
  return bigintFrom(sig.subarray(32, 64)) <= curve.order >> 1n;
}

/** Signs sha256(data): 64-byte compact r‖s, normalised to low-S. */
export function signCompact(curve: Curve, key: KeyObject, data: Uint8Array): Uint8Array {
  const sig = new Uint8Array(sign("sha256", data, { key, dsaEncoding: "ieee-p1363" }));
  if (isLowS(curve, sig)) return sig;
  const s = curve.order - bigintFrom(sig.subarray(32, 64));
  sig.set(Buffer.from(s.toString(16).padStart(64, "0"), "hex"), 32);
  return sig;
}

/** Verifies a compact low-S signature over sha256(data); DER and high-S signatures are false. */
export function verifyCompact(curve: Curve, key: KeyObject, data: Uint8Array, sig: Uint8Array): boolean {
  if (sig.length !== 64 || !isLowS(curve, sig)) return false;
  return verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, sig);
}
