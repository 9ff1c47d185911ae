import {
  CBOR,
  Cid,
  DAG_CBOR,
  encodeBase32,
  type LexMap,
  type Secp256k1Keypair,
  sha256,
} from "@putrecord/repo";
import type { DidDocument } from "../identity/did-document.js";
import { PlcDirectoryError } from "./errors.js";

/** A did:plc operation before signing (did:plc spec, "plc_operation"). */
export interface UnsignedPlcOp {
  type: "plc_operation";
  rotationKeys: string[];
  /** Keys by name (`atproto`: the repo signing key), each a did:key. */
  verificationMethods: Record<string, string>;
  alsoKnownAs: string[];
  /** Services by name (`atproto_pds`: the account's PDS). */
  services: Record<string, { type: string; endpoint: string }>;
  prev: string | null;
}

/** A signed operation: `sig` is the base64url (unpadded) low-S signature of the unsigned op's DAG-CBOR. */
export interface SignedPlcOp extends UnsignedPlcOp {
  sig: string;
}

/** What an account's genesis operation says about it. */
export interface GenesisInput {
  handle: string;
  /** The repo signing key (only its did:key is named: an entryway's accounts' keys stay on their cells). */
  signingKey: { did(): string };
  /** Signs the operation; listed after any recovery key. */
  rotationKey: Secp256k1Keypair;
  /** A user-held did:key that may override the server's rotation key. */
  recoveryKey?: string;
  pdsEndpoint: string;
}

// The spec takes 24 base32 characters (120 bits) of the hash of the signed genesis operation.
const DID_PLC_HASH_LENGTH = 24;

/** Signs an operation with a rotation key: the signature covers the DAG-CBOR of the op without `sig`. */
export function signPlcOp(unsigned: UnsignedPlcOp, rotationKey: Secp256k1Keypair): SignedPlcOp {
  const sig = rotationKey.sign(CBOR.encode(unsigned as unknown as LexMap));
  return { ...unsigned, sig: Buffer.from(sig).toString("base64url") };
}

/** Builds and signs the genesis operation; returns it with the DID it defines. */
export function createGenesisOp(input: GenesisInput): { did: string; op: SignedPlcOp } {
  const unsigned: UnsignedPlcOp = {
    type: "plc_operation",
    rotationKeys: [...(input.recoveryKey ? [input.recoveryKey] : []), input.rotationKey.did()],
    verificationMethods: { atproto: input.signingKey.did() },
    alsoKnownAs: [`at://${input.handle}`],
    services: { atproto_pds: { type: "AtprotoPersonalDataServer", endpoint: input.pdsEndpoint } },
    prev: null,
  };
  const op = signPlcOp(unsigned, input.rotationKey);
  return { did: didForGenesisOp(op), op };
}

/**
 * The operation after `prev`: its fields with `changes` applied, `prev` set to the CID of the operation
 * it follows, signed by `rotationKey`.
 */
export function createUpdateOp(
  prev: SignedPlcOp,
  changes: Partial<Omit<UnsignedPlcOp, "type" | "prev">>,
  rotationKey: Secp256k1Keypair,
): SignedPlcOp {
  const { sig: _sig, ...rest } = prev;
  return signPlcOp({ ...rest, ...changes, prev: plcOpCid(prev) }, rotationKey);
}

/** The CID of a signed operation: what the next operation's `prev` names. */
export function plcOpCid(op: SignedPlcOp): string {
  return Cid.create(DAG_CBOR, encodePlcOp(op)).toString();
}

/** `did:plc:` + the first 24 characters of base32(sha256(DAG-CBOR of the signed genesis op)). */
export function didForGenesisOp(op: SignedPlcOp): string {
  const hash = sha256(encodePlcOp(op));
  return `did:plc:${encodeBase32(hash).slice(0, DID_PLC_HASH_LENGTH)}`;
}

/** The operation's DAG-CBOR bytes, as stored and hashed. */
export function encodePlcOp(op: SignedPlcOp): Uint8Array {
  return CBOR.encode(op as unknown as LexMap);
}

/** Decodes a stored operation. */
export function decodePlcOp(bytes: Uint8Array): SignedPlcOp {
  return CBOR.decode(bytes) as unknown as SignedPlcOp;
}

/** The DID document the operation describes (what a PLC directory would serve for it). */
export function didDocument(did: string, op: UnsignedPlcOp): DidDocument {
  return {
    "@context": [
      "https://www.w3.org/ns/did/v1",
      "https://w3id.org/security/multikey/v1",
      "https://w3id.org/security/suites/secp256k1-2019/v1",
    ],
    id: did,
    alsoKnownAs: op.alsoKnownAs,
    verificationMethod: Object.entries(op.verificationMethods).map(([name, key]) => ({
      id: `${did}#${name}`,
      type: "Multikey",
      controller: did,
      publicKeyMultibase: key.slice("did:key:".length),
    })),
    service: Object.entries(op.services).map(([name, service]) => ({
      id: `#${name}`,
      type: service.type,
      serviceEndpoint: service.endpoint,
    })),
  };
}

/** Sends the operation to a PLC directory (`POST <plc>/<did>`); throws PlcDirectoryError if refused. */
export async function publishPlcOp(plcUrl: string, did: string, op: SignedPlcOp): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${plcUrl}/${encodeURIComponent(did)}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(op),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new PlcDirectoryError(did, (err as Error).message);
  }
  if (!res.ok) throw new PlcDirectoryError(did, `status ${res.status}: ${(await res.text()).slice(0, 200)}`);
}
