import { createHash } from "node:crypto";

/** SHA-256 of `bytes`, synchronously (Node's hash is sync, unlike WebCrypto's). */
export function sha256(bytes: Uint8Array | string): Uint8Array {
  const digest = createHash("sha256").update(bytes).digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}
