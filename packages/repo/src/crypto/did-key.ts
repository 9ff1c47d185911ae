import { decodeBase58, encodeBase58 } from "../bytes/index.js";
import { CURVES, type Curve } from "./curves.js";
import { InvalidDidKeyError } from "./errors.js";

const PREFIX = "did:key:z";

/** A did:key's curve and compressed (33-byte) public key. */
export interface ParsedDidKey {
  curve: Curve;
  publicKey: Uint8Array;
}

/** Formats a compressed public key as `did:key:z…` (multicodec + base58btc). */
export function formatDidKey(curve: Curve, compressedPublicKey: Uint8Array): string {
  const bytes = new Uint8Array(2 + compressedPublicKey.length);
  bytes.set(curve.multicodec);
  bytes.set(compressedPublicKey, 2);
  return PREFIX + encodeBase58(bytes);
}

/** Parses a did:key into curve and compressed public key; throws InvalidDidKeyError. */
export function parseDidKey(did: string): ParsedDidKey {
  if (!did.startsWith(PREFIX)) throw new InvalidDidKeyError(did, "expected did:key:z…");
  let bytes: Uint8Array;
  try {
    bytes = decodeBase58(did.slice(PREFIX.length));
  } catch {
    throw new InvalidDidKeyError(did, "not base58btc");
  }
  const curve = CURVES.find((c) => c.multicodec[0] === bytes[0] && c.multicodec[1] === bytes[1]);
  if (!curve) throw new InvalidDidKeyError(did, "unsupported key type");
  const publicKey = bytes.subarray(2);
  if (publicKey.length !== 33 || (publicKey[0] !== 2 && publicKey[0] !== 3)) {
    throw new InvalidDidKeyError(did, "expected a compressed 33-byte public key");
  }
  return { curve, publicKey };
}
