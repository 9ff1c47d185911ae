import { closeSync, openSync, readSync, statSync } from "node:fs";
import { StartupError } from "../config.js";

const MAGIC = "SQLite format 3\0";

/**
 * Refuses, before SQLite opens it, a database file that is empty, not SQLite, or shorter than its own
 * header says (a truncated copy, a lost write): SQLite would take the first for a new empty database
 * and serve the last until a read hit a missing page. Checked only when no WAL is beside it: after a
 * crash the WAL may hold pages the file does not have yet, and SQLite replays it on open (whether that
 * left our schema is checked once open).
 */
export function checkDatabaseFile(file: string): void {
  const size = statSync(file).size;
  if (walSize(`${file}-wal`) > 0) return;
  if (size === 0) {
    throw new StartupError(
      `${file} is empty (0 bytes): the PDS's database was lost or truncated, and starting would ` +
        "start an empty server under the old secrets. Restore it from a backup; to start a new PDS " +
        "instead, move the whole data directory away.",
    );
  }
  const header = Buffer.alloc(100);
  const fd = openSync(file, "r");
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString("latin1", 0, 16) !== MAGIC) {
    throw new StartupError(`${file} is not an SQLite database (damaged or another kind of file)`);
  }
  // File format: page size at offset 16 (1 means 65536), page count at 28, valid when the counter at
  // 92 matches the change counter at 24.
  const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
  const pages = header.readUInt32BE(28);
  if (header.readUInt32BE(92) === header.readUInt32BE(24) && size < pages * pageSize) {
    throw new StartupError(
      `${file} is truncated: ${size} bytes where its header says ${pages * pageSize}. ` +
        "Restore it from a backup; `sqlite3 pds.sqlite .recover` may save what is left.",
    );
  }
}

function walSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
