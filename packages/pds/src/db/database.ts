import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { migrations } from "./migrations.js";

export type Db = Database.Database;

/**
 * Opens the server's SQLite file in WAL mode with full sync: a transaction is on disk when it
 * commits, so an acknowledged write survives a crash. Concurrent writers share fsyncs by being
 * grouped into one transaction upstream, not by weakening this.
 */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // Created owner-only before SQLite opens it: it holds keys and password hashes, and SQLite gives
    // its -wal and -shm files the same permissions.
    closeSync(openSync(file, "a", 0o600));
  }
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  // Savepoints (one per write in a group commit) keep the pages they change in a sub-journal; on disk
  // that is a temporary file created, written and unlinked per write (strace: 49 pwrites and an open/unlink per write).
  db.pragma("temp_store = MEMORY");
  migrate(db);
  return db;
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
