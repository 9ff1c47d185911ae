import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "pino";
import { type ConfigInput, type ServerConfig, StartupError } from "./config.js";
import { type Db, openDatabase } from "./db/database.js";
import { lockDataDirectory } from "./db/instance-lock.js";
import { loadSecrets, SECRETS_FILE, type Secrets } from "./secrets.js";

/** The database file in the data directory. */
export const DATABASE_FILE = "pds.sqlite";

/** The data directory, opened: its database and secrets, held by this process alone until `release`. */
export interface DataDirectory {
  db: Db;
  secrets: Secrets;
  /** Closes the database and gives up the single-instance lock. */
  release(): void;
}

/**
 * Opens the data directory in the order that keeps it whole: the single-instance lock first (nothing is
 * read or written by a second server), then the database (made whole on first run, refused when lost,
 * empty or damaged), then the secrets (never made anew while accounts exist). Throws StartupError with
 * what is wrong and what to do.
 */
export function openDataDirectory(config: ServerConfig, input: ConfigInput, logger: Logger): DataDirectory {
  const dir = config.dataDirectory;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lock = lockDataDirectory(dir);
  let db: Db | undefined;
  try {
    const file = join(dir, DATABASE_FILE);
    // The database is made before the secrets on a first run, so secrets without it mean it was lost.
    if (!existsSync(file) && existsSync(join(dir, SECRETS_FILE))) {
      throw new StartupError(
        `${file} is missing, but ${SECRETS_FILE} beside it says this data directory held a PDS: its ` +
          "accounts and repos were in that file. Restore it from a backup; to start a new PDS instead, " +
          "move the whole data directory away.",
      );
    }
    const opened = openDatabase(file, config.dbCacheMb);
    db = opened;
    const accounts = opened.prepare("SELECT count(*) FROM account").pluck().get() as number;
    const secrets = loadSecrets(dir, input, { accounts, warn: (message) => logger.warn(message) });
    return {
      db: opened,
      secrets,
      release: () => {
        opened.close();
        lock.release();
      },
    };
  } catch (err) {
    db?.close();
    lock.release();
    throw err;
  }
}
