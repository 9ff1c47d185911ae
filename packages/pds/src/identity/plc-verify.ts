import { CBOR, Cid, type LexMap, parseDidKey, verifySignature } from "@putrecord/repo";
import type { SignedPlcOp, UnsignedPlcOp } from "../account/plc.js";

/** A value is not a well-formed signed did:plc operation, or its signature does not hold. */
export class InvalidPlcOperationError extends Error {
  constructor(readonly reason: string) {
    super(`invalid plc operation; reason=${reason}`);
    this.name = "InvalidPlcOperationError";
  }
}

/** The did:plc spec's bounds: at most 5 rotation keys, 10 verification methods and 10 services. */
const MAX_ROTATION_KEYS = 5;
const MAX_ENTRIES = 10;

const isString = (v: unknown): v is string => typeof v === "string";
const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** Checks the shape of a signed `plc_operation` (what signPlcOperation returns); throws InvalidPlcOperationError. */
export function parseSignedPlcOp(value: unknown): SignedPlcOp {
  if (!isRecord(value)) throw new InvalidPlcOperationError("not an object");
  const { type, rotationKeys, verificationMethods, alsoKnownAs, services, prev, sig } = value;
  if (type !== "plc_operation") throw new InvalidPlcOperationError("type must be plc_operation");
  if (!Array.isArray(rotationKeys) || !rotationKeys.every(isString) || rotationKeys.length === 0) {
    throw new InvalidPlcOperationError("rotationKeys must be a list of did:keys");
  }
  if (rotationKeys.length > MAX_ROTATION_KEYS) throw new InvalidPlcOperationError("too many rotationKeys");
  for (const key of rotationKeys) didKey(key, "rotationKeys");
  if (!isRecord(verificationMethods) || Object.keys(verificationMethods).length > MAX_ENTRIES) {
    throw new InvalidPlcOperationError("verificationMethods must be an object");
  }
  for (const key of Object.values(verificationMethods)) didKey(key, "verificationMethods");
  if (!Array.isArray(alsoKnownAs) || !alsoKnownAs.every(isString)) {
    throw new InvalidPlcOperationError("alsoKnownAs must be a list of strings");
  }
  if (!isRecord(services) || Object.keys(services).length > MAX_ENTRIES) {
    throw new InvalidPlcOperationError("services must be an object");
  }
  for (const service of Object.values(services)) {
    if (!isRecord(service) || !isString(service.type) || !isString(service.endpoint)) {
      throw new InvalidPlcOperationError("each service needs a type and an endpoint");
    }
  }
  if (prev !== null && (!isString(prev) || Cid.attemptParse(prev) === null)) {
    throw new InvalidPlcOperationError("prev must be a CID or null");
  }
  if (!isString(sig) || !/^[A-Za-z0-9_-]+$/.test(sig))
    throw new InvalidPlcOperationError("sig must be base64url");
  return {
    type,
    rotationKeys,
    verificationMethods: verificationMethods as Record<string, string>,
    alsoKnownAs,
    services: services as SignedPlcOp["services"],
    prev: prev as string | null,
    sig,
  };
}

function didKey(value: unknown, field: string): void {
  try {
    parseDidKey(String(value));
  } catch {
    throw new InvalidPlcOperationError(`${field} must hold did:keys`);
  }
}

/** The operation without its signature: what the signature covers. */
export function unsignedOf(op: SignedPlcOp): UnsignedPlcOp {
  const { sig: _sig, ...unsigned } = op;
  return unsigned;
}

/** Whether one of `keys` signed `op` (the signature covers the DAG-CBOR of the op without `sig`). */
export function isSignedByOneOf(op: SignedPlcOp, keys: readonly string[]): boolean {
  const data = CBOR.encode(unsignedOf(op) as unknown as LexMap);
  const sig = Buffer.from(op.sig, "base64url");
  return keys.some((key) => {
    try {
      return verifySignature(key, data, sig);
    } catch {
      return false;
    }
  });
}
