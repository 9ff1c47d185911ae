import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { DEFAULT_DB_CACHE_MB, StartupError } from "../config.js";
import { checkDatabaseFile } from "./file-check.js";
import { migrations } from "./migrations.js";

export type Db = Database.Database;

/**
 * Opens the server's SQLite file in WAL mode with full sync: a transaction is on disk when it
 * commits, so an acknowledged write survives a crash. Concurrent writers share fsyncs by being
 * grouped into one transaction upstream, not by weakening this. A missing file is created whole (see
 * createDatabase); an existing one that is empty, damaged or not a PDS's stops the start (StartupError).
 */
export function openDatabase(file: string, cacheMb = DEFAULT_DB_CACHE_MB): Db {
  if (file !== ":memory:") {
    if (existsSync(file)) checkDatabaseFile(file);
    else createDatabase(file);
  }
  const db = new Database(file);
  try {
    configure(db);
    db.pragma(`cache_size = -${cacheMb * 1024}`);
    if (file !== ":memory:") assertOurs(db, file);
    migrate(db);
  } catch (err) {
    db.close();
    throw unusable(file, err);
  }
  return db;
}

/**
 * A new database is made and migrated under a temporary name, closed (which moves the WAL into the file)
 * and renamed into place: an existing `pds.sqlite` was always whole once, so an empty one is damage,
 * never a first run that crashed.
 */
function createDatabase(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const fresh = `${file}.new`;
  for (const leftover of ["", "-wal", "-shm", "-journal"]) rmSync(`${fresh}${leftover}`, { force: true });
  // Created owner-only before SQLite opens it: it holds keys and password hashes, and SQLite gives
  // its -wal and -shm files the same permissions.
  closeSync(openSync(fresh, "wx", 0o600));
  const db = new Database(fresh);
  configure(db);
  migrate(db);
  db.close();
  renameSync(fresh, file);
  const dir = openSync(dirname(file), "r");
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

function configure(db: Db): void {
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  // Savepoints (one per write in a group commit) keep the pages they change in a sub-journal; on disk
  // that is a temporary file created, written and unlinked per write (strace: 49 pwrites and an open/unlink per write).
  db.pragma("temp_store = MEMORY");
}

/**
 * An existing file was created whole (createDatabase), so it has our schema: one without any held no
 * PDS data (an empty file beside a WAL that held nothing), and another program's must not be migrated.
 */
function assertOurs(db: Db, file: string): void {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
  if (tables.includes("migration")) return;
  throw new StartupError(
    tables.length === 0
      ? `${file} holds no data: the PDS's database was lost or emptied. Restore it from a backup; to start a new PDS instead, move the whole data directory away.`
      : `${file} is an SQLite database, but not a PDS's (it has no migration table)`,
  );
}

function unusable(file: string, err: unknown): unknown {
  const code = (err as { code?: string }).code ?? "";
  if (code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT")) {
    return new StartupError(
      `${file} is damaged (${(err as Error).message}). Restore it from a backup; ` +
        "`sqlite3 pds.sqlite .recover` may save what is left.",
    );
  }
  return err;
}

function migrate(db: Db): void {
  db.exec("CREATE TABLE IF NOT EXISTS migration (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
  const applied = new Set(db.prepare("SELECT id FROM migration").pluck().all() as string[]);
  const record = db.prepare("INSERT INTO migration (id, applied_at) VALUES (?, ?)");
  for (const m of migrations) {
    if (applied.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.up);
      record.run(m.id, new Date().toISOString());
    })();
  }
}
