import { hash } from "node:crypto";

/** SHA-256 of `bytes`, synchronously (Node's hash is sync, unlike WebCrypto's); one call, no Hash object. */
export function sha256(bytes: Uint8Array | string): Uint8Array {
  const digest = hash("sha256", bytes, "buffer");
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}
