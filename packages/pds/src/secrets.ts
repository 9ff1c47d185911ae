import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Secp256k1Keypair } from "@putrecord/repo";
import { ConfigError, type ConfigInput, StartupError } from "./config.js";

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

type SecretName = keyof StoredSecrets;

/** The secrets file inside the data directory (mode 0600). */
export const SECRETS_FILE = "secrets.json";

/** Each secret's environment variable, and the least a value must have to be accepted. */
const RULES: Record<SecretName, { env: string; minLength: number; make: () => string }> = {
  jwtSecret: { env: "PDS_JWT_SECRET", minLength: 32, make: () => randomBytes(32).toString("hex") },
  adminPassword: { env: "PDS_ADMIN_PASSWORD", minLength: 16, make: () => randomBytes(16).toString("hex") },
  plcRotationKeyHex: {
    env: "PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX",
    minLength: 64,
    make: () => Buffer.from(Secp256k1Keypair.create().export()).toString("hex"),
  },
};
const NAMES = Object.keys(RULES) as SecretName[];
/** Fewer distinct characters than this is a placeholder ("aaaa…", "0000…1"), not a secret. */
const MIN_DISTINCT_CHARS = 8;

/**
 * Reads `<dataDirectory>/secrets.json`, creating it (and any missing entry) on first run; values given
 * in the environment win. Once the server hosts accounts nothing is
 * made anew: a lost rotation key loses control of every hosted did:plc, so a missing secret stops the
 * start (StartupError). A weak secret stops it too; a file others can read is warned about.
 */
export function loadSecrets(
  dataDirectory: string,
  overrides: ConfigInput,
  opts: { accounts: number; warn: (message: string) => void },
): Secrets {
  const file = join(dataDirectory, SECRETS_FILE);
  const exists = existsSync(file);
  const stored = exists ? readStored(file, opts.warn) : {};
  const given = (name: SecretName) => overrides[name] ?? stored[name];
  const missing = NAMES.filter((name) => given(name) === undefined);
  if (missing.length > 0 && opts.accounts > 0) {
    throw new StartupError(
      `${file} ${exists ? `has no ${missing.join(", ")}` : "is missing"}, but this PDS hosts ` +
        `${opts.accounts} account(s): new secrets would lose control of their did:plc identities (the ` +
        "rotation key) and end every session. Restore the file from a backup, or set " +
        `${missing.map((name) => RULES[name].env).join(", ")}.`,
    );
  }
  // Only what nobody gave is made and kept: a value from the environment is never written, so the file
  // never holds a stand-in that a later start without that variable would silently use.
  const made: Partial<StoredSecrets> = {};
  for (const name of missing) made[name] = RULES[name].make();
  if (missing.length > 0) writeStored(file, { ...stored, ...made });
  const value = (name: SecretName): string => {
    const chosen = given(name) ?? made[name]!;
    checkStrength(name, chosen, overrides[name] !== undefined ? RULES[name].env : `${name} in ${file}`);
    return chosen;
  };
  return {
    jwtSecret: value("jwtSecret"),
    adminPassword: value("adminPassword"),
    plcRotationKey: importKey(value("plcRotationKeyHex")),
  };
}

function checkStrength(name: SecretName, value: string, where: string): void {
  const { minLength } = RULES[name];
  if (name === "plcRotationKeyHex" && !/^[0-9a-f]{64}$/i.test(value)) {
    throw new ConfigError(`${where} must be 64 hex characters (a secp256k1 private key)`);
  }
  if (value.length < minLength || new Set(value).size < MIN_DISTINCT_CHARS) {
    throw new ConfigError(
      `${where} is too weak: use at least ${minLength} random characters ` +
        `(for example \`openssl rand -hex ${Math.max(16, minLength / 2)}\`)`,
    );
  }
}

function readStored(file: string, warn: (message: string) => void): Partial<StoredSecrets> {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    warn(
      `${file} is readable by other users (mode ${mode.toString(8)}); it holds the server's keys: chmod 600 it`,
    );
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    throw new StartupError(
      `${file} is not valid JSON: restore it from a backup (if this PDS hosts no accounts yet, ` +
        "deleting it has new secrets made)",
    );
  }
  const out: Partial<StoredSecrets> = {};
  for (const key of NAMES) {
    if (typeof parsed[key] === "string" && parsed[key] !== "") out[key] = parsed[key];
  }
  return out;
}

function writeStored(file: string, secrets: Partial<StoredSecrets>): void {
  // Write then rename, so a crash never leaves a half-written secrets file behind.
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

function importKey(hex: string): Secp256k1Keypair {
  try {
    return Secp256k1Keypair.import(Buffer.from(hex, "hex"));
  } catch {
    throw new ConfigError(`${RULES.plcRotationKeyHex.env} is not a valid secp256k1 private key`);
  }
}
