import { formatDidKey, SECP256K1, verifySignature } from "@putrecord/repo";
import { ConfigError } from "../config.js";

/** What a PDS needs to serve as a cell behind an entryway (the reference's `PDS_ENTRYWAY_*` settings). */
export interface EntrywayInput {
  /** PDS_ENTRYWAY_URL: where sessions, handles and sign-ups are answered. */
  url: string;
  /** PDS_ENTRYWAY_DID: the `iss` of its service tokens and the `aud` of its refresh tokens. */
  did: string;
  /** PDS_ENTRYWAY_JWT_VERIFY_KEY_K256_PUBLIC_KEY_HEX: its secp256k1 public key, compressed (33 bytes). */
  jwtVerifyKeyHex: string;
}

/** The checked trust: the public key as a did:key, the URL without a trailing slash. */
export interface EntrywayTrust {
  url: string;
  did: string;
  verifyKey: string;
}

/** Checks the three settings together (all or none, as the reference); ConfigError names the bad one. */
export function entrywayTrust(input: Partial<EntrywayInput> | undefined): EntrywayTrust | undefined {
  const given = [input?.url, input?.did, input?.jwtVerifyKeyHex].filter((v) => v !== undefined && v !== "");
  if (given.length === 0) return undefined;
  if (given.length !== 3) {
    throw new ConfigError(
      "PDS_ENTRYWAY_URL, PDS_ENTRYWAY_DID and PDS_ENTRYWAY_JWT_VERIFY_KEY_K256_PUBLIC_KEY_HEX go together",
    );
  }
  const { url, did, jwtVerifyKeyHex } = input as EntrywayInput;
  if (!/^https?:\/\/[^/]+/.test(url))
    throw new ConfigError(`PDS_ENTRYWAY_URL must be an http(s) URL; got "${url}"`);
  if (!/^did:[a-z]+:[a-zA-Z0-9._:%-]+$/.test(did)) {
    throw new ConfigError(`PDS_ENTRYWAY_DID must be a DID; got "${did}"`);
  }
  if (!/^0[23][0-9a-f]{64}$/i.test(jwtVerifyKeyHex)) {
    throw new ConfigError(
      "PDS_ENTRYWAY_JWT_VERIFY_KEY_K256_PUBLIC_KEY_HEX must be a compressed secp256k1 public key (66 hex characters)",
    );
  }
  const verifyKey = formatDidKey(SECP256K1, Buffer.from(jwtVerifyKeyHex, "hex"));
  try {
    verifySignature(verifyKey, new Uint8Array(1), new Uint8Array(64));
  } catch {
    throw new ConfigError("PDS_ENTRYWAY_JWT_VERIFY_KEY_K256_PUBLIC_KEY_HEX is not a point on secp256k1");
  }
  return { url: url.replace(/\/+$/, ""), did, verifyKey };
}
