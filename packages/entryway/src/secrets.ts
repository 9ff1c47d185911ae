import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { StartupError } from "@putrecord/pds/config.js";
import { Secp256k1Keypair } from "@putrecord/repo";

/** The entryway's secrets: never logged, kept in `<data>/entryway-secrets.json` (mode 0600). */
export interface EntrywaySecrets {
  /** Signs access and service tokens (ES256K); cells hold its public half. */
  jwtSigningKey: Secp256k1Keypair;
  /** HS256 key of refresh tokens, which only the entryway reads. */
  refreshSecret: string;
  /** Password of the `admin` user (Basic auth) for invites and placement. */
  adminPassword: string;
  /** The did:plc rotation key of every account made here. */
  plcRotationKey: Secp256k1Keypair;
}

export const SECRETS_FILE = "entryway-secrets.json";

const hexKey = () => Buffer.from(Secp256k1Keypair.create().export()).toString("hex");
const MAKE = {
  jwtSigningKeyHex: hexKey,
  refreshSecret: () => randomBytes(32).toString("hex"),
  adminPassword: () => randomBytes(16).toString("hex"),
  plcRotationKeyHex: hexKey,
};
type Stored = Record<keyof typeof MAKE, string>;

/**
 * Reads the secrets file, making it on first run. Once the directory holds accounts nothing is made anew
 * (a new rotation key would lose every DID, a new signing key end every session): StartupError instead.
 * `PDS_ADMIN_PASSWORD` in the environment wins over the file's.
 */
export function loadEntrywaySecrets(
  dir: string,
  opts: { accounts: number; adminPassword?: string },
): EntrywaySecrets {
  const file = join(dir, SECRETS_FILE);
  let stored: Partial<Stored> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, "utf8")) as Partial<Stored>;
  const missing = (Object.keys(MAKE) as (keyof Stored)[]).filter((k) => typeof stored[k] !== "string");
  if (missing.length > 0) {
    if (opts.accounts > 0) {
      throw new StartupError(
        `${file} lacks ${missing.join(", ")} but the directory holds ${opts.accounts} account(s): restore it from a backup`,
      );
    }
    for (const key of missing) stored[key] = MAKE[key]();
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  }
  const s = stored as Stored;
  return {
    jwtSigningKey: Secp256k1Keypair.import(Buffer.from(s.jwtSigningKeyHex, "hex")),
    refreshSecret: s.refreshSecret,
    adminPassword: opts.adminPassword ?? s.adminPassword,
    plcRotationKey: Secp256k1Keypair.import(Buffer.from(s.plcRotationKeyHex, "hex")),
  };
}

/** The compressed public key, hex: the value of a cell's PDS_ENTRYWAY_JWT_VERIFY_KEY_K256_PUBLIC_KEY_HEX. */
export function verifyKeyHex(secrets: EntrywaySecrets): string {
  return Buffer.from(secrets.jwtSigningKey.publicKey).toString("hex");
}
