import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Secp256k1Keypair } from "@putrecord/repo";
import { ConfigError, type ConfigInput } from "./config.js";

/** The server's secrets: never logged, kept in a file only its owner can read. */
export interface Secrets {
  /** HS256 key of every session token. */
  jwtSecret: string;
  /** Password of the `admin` user for Basic-auth admin routes. */
  adminPassword: string;
  /** The server's did:plc rotation key: it may rewrite the DID documents of accounts made here. */
  plcRotationKey: Secp256k1Keypair;
}

interface StoredSecrets {
  jwtSecret: string;
  adminPassword: string;
  plcRotationKeyHex: string;
}

/** The secrets file inside the data directory (mode 0600). */
export const SECRETS_FILE = "secrets.json";

/**
 * Reads `<dataDirectory>/secrets.json`, creating it (and any missing entry) on first run; values
 * given in the environment win and are never written to the file.
 */
export function loadSecrets(dataDirectory: string, overrides: ConfigInput): Secrets {
  mkdirSync(dataDirectory, { recursive: true, mode: 0o700 });
  const file = join(dataDirectory, SECRETS_FILE);
  const stored = existsSync(file) ? readStored(file) : {};
  const complete: StoredSecrets = {
    jwtSecret: stored.jwtSecret ?? randomBytes(32).toString("hex"),
    adminPassword: stored.adminPassword ?? randomBytes(16).toString("hex"),
    plcRotationKeyHex:
      stored.plcRotationKeyHex ?? Buffer.from(Secp256k1Keypair.create().export()).toString("hex"),
  };
  if (Object.keys(stored).length !== 3) writeStored(file, complete);
  return {
    jwtSecret: overrides.jwtSecret ?? complete.jwtSecret,
    adminPassword: overrides.adminPassword ?? complete.adminPassword,
    plcRotationKey: importKey(overrides.plcRotationKeyHex ?? complete.plcRotationKeyHex),
  };
}

function readStored(file: string): Partial<StoredSecrets> {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    const out: Partial<StoredSecrets> = {};
    for (const key of ["jwtSecret", "adminPassword", "plcRotationKeyHex"] as const) {
      if (typeof parsed[key] === "string" && parsed[key] !== "") out[key] = parsed[key];
    }
    return out;
  } catch {
    throw new ConfigError(`${file} is not valid JSON; fix it or move it away to have new secrets made`);
  }
}

function writeStored(file: string, secrets: StoredSecrets): void {
  // Write then rename, so a crash never leaves a half-written secrets file behind.
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

function importKey(hex: string): Secp256k1Keypair {
  if (!/^[0-9a-f]{64}$/i.test(hex)) {
    throw new ConfigError("PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX must be 64 hex characters");
  }
  return Secp256k1Keypair.import(Buffer.from(hex, "hex"));
}
