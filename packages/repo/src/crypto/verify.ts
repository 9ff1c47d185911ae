import type { KeyObject } from "node:crypto";
import type { Curve } from "./curves.js";
import { parseDidKey } from "./did-key.js";
import { publicKeyObject, verifyCompact } from "./ecdsa.js";
import { InvalidDidKeyError } from "./errors.js";

// Building a KeyObject costs about as much as a verification, and a PDS or relay verifies the same
// few keys over and over; keep recent ones.
const MAX_CACHED = 1000;
const cache = new Map<string, { curve: Curve; key: KeyObject }>();

function keyFor(didKey: string): { curve: Curve; key: KeyObject } {
  const hit = cache.get(didKey);
  if (hit) return hit;
  const { curve, publicKey } = parseDidKey(didKey);
  let key: KeyObject;
  try {
    key = publicKeyObject(curve, publicKey);
  } catch {
    throw new InvalidDidKeyError(didKey, "not a point on the curve");
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  const entry = { curve, key };
  cache.set(didKey, entry);
  return entry;
}

/**
 * Verifies a 64-byte compact signature over sha256(data) by the key in `didKey`.
 * Returns false for a wrong, high-S or DER signature; throws InvalidDidKeyError for a bad key.
 */
export function verifySignature(didKey: string, data: Uint8Array, sig: Uint8Array): boolean {
  const { curve, key } = keyFor(didKey);
  return verifyCompact(curve, key, data, sig);
}
