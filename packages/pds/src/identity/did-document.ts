import { type Curve, decodeBase58, formatDidKey, P256, SECP256K1 } from "@putrecord/repo";

/** The verification method types before Multikey, by curve. */
const LEGACY_TYPES: Record<string, Curve> = {
  EcdsaSecp256k1VerificationKey2019: SECP256K1,
  EcdsaSecp256r1VerificationKey2019: P256,
};

/** A DID document, as far as atproto reads one. */
export interface DidDocument {
  id: string;
  alsoKnownAs?: string[];
  verificationMethod?: { id: string; type: string; controller?: string; publicKeyMultibase?: string }[];
  service?: { id: string; type: string; serviceEndpoint: unknown }[];
  [key: string]: unknown;
}

/** The document is not a DID document for the DID asked. */
export class InvalidDidDocumentError extends Error {
  constructor(
    readonly did: string,
    readonly reason: string,
  ) {
    super(`invalid DID document; did=${did} reason=${reason}`);
    this.name = "InvalidDidDocumentError";
  }
}

/** Checks that `value` is a DID document whose `id` is `did`; throws InvalidDidDocumentError. */
export function parseDidDocument(did: string, value: unknown): DidDocument {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InvalidDidDocumentError(did, "not an object");
  }
  const doc = value as DidDocument;
  if (doc.id !== did) throw new InvalidDidDocumentError(did, `its id is ${String(doc.id)}`);
  for (const key of ["alsoKnownAs", "verificationMethod", "service"] as const) {
    if (doc[key] !== undefined && !Array.isArray(doc[key])) {
      throw new InvalidDidDocumentError(did, `${key} is not an array`);
    }
  }
  return doc;
}

/** Whether a method or service `id` names `fragment` (`#atproto` or `<did>#atproto`). */
function named(doc: DidDocument, id: unknown, fragment: string): boolean {
  return id === fragment || id === `${doc.id}${fragment}`;
}

/**
 * The repo signing key (`did:key:…`) of the `#atproto` verification method, or null. Multikey, and the
 * older Ecdsa…2019 types (a raw key, compressed or not; the PLC directory still writes these), as the
 * reference reads them.
 */
export function atprotoSigningKey(doc: DidDocument): string | null {
  const method = doc.verificationMethod?.find((m) => named(doc, m?.id, "#atproto"));
  const multibase = method?.publicKeyMultibase;
  if (typeof multibase !== "string" || !multibase.startsWith("z")) return null;
  if (method!.type === "Multikey") return `did:key:${multibase}`;
  const curve = LEGACY_TYPES[method!.type];
  if (curve === undefined) return null;
  try {
    const key = compressed(decodeBase58(multibase.slice(1)));
    return key === null ? null : formatDidKey(curve, key);
  } catch {
    return null;
  }
}

/** A public key in compressed (33-byte) form: an uncompressed one keeps X and the parity of Y. */
function compressed(key: Uint8Array): Uint8Array | null {
  if (key.length === 33 && (key[0] === 2 || key[0] === 3)) return key;
  if (key.length !== 65 || key[0] !== 4) return null;
  const out = new Uint8Array(33);
  out[0] = 2 + (key[64]! & 1);
  out.set(key.subarray(1, 33), 1);
  return out;
}

/** The endpoint URL of service `#<id>` when its type is `type` (any type when omitted), or null. */
export function serviceEndpoint(doc: DidDocument, id: string, type?: string): string | null {
  const service = doc.service?.find((s) => named(doc, s?.id, `#${id}`));
  if (!service || (type !== undefined && service.type !== type)) return null;
  const endpoint = service.serviceEndpoint;
  if (typeof endpoint !== "string") return null;
  try {
    const url = new URL(endpoint);
    return url.protocol === "https:" || url.protocol === "http:" ? endpoint : null;
  } catch {
    return null;
  }
}

/** The account's PDS: service `#atproto_pds` of type AtprotoPersonalDataServer. */
export function pdsEndpoint(doc: DidDocument): string | null {
  return serviceEndpoint(doc, "atproto_pds", "AtprotoPersonalDataServer");
}

/** The handle the document claims (the first `at://` entry of alsoKnownAs), lower-cased; or null. */
export function claimedHandle(doc: DidDocument): string | null {
  const aka = doc.alsoKnownAs?.find((a) => typeof a === "string" && a.startsWith("at://"));
  return aka ? aka.slice(5).toLowerCase() : null;
}
