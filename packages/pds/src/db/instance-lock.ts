import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { StartupError } from "../config.js";

/** The lock file in the data directory (an empty SQLite database the running server keeps locked). */
export const LOCK_FILE = "pds.lock";
/** The running server's process id, for the message a second one prints (informational only). */
const PID_FILE = "pds.pid";

/**
 * One server per data directory: two on one SQLite file and blob store interleave commits of the same
 * repos (a third of their writes failed). The lock is SQLite's own (POSIX fcntl, taken by an open
 * `BEGIN EXCLUSIVE`), so the OS drops it the moment the process ends, kill -9 included: there is never
 * a stale lock to clean. Servers in one process are told apart too (SQLite tracks its locks per file).
 */
export function lockDataDirectory(dataDirectory: string): { release(): void } {
  const lock = new Database(join(dataDirectory, LOCK_FILE), { timeout: 0 });
  try {
    lock.exec("BEGIN EXCLUSIVE");
  } catch (err) {
    lock.close();
    if ((err as { code?: string }).code !== "SQLITE_BUSY") throw err;
    throw new StartupError(
      `another PDS${holder(dataDirectory)} is already running on the data directory ${dataDirectory} ` +
        "(it holds pds.lock there). Stop it first, or give this server its own data directory " +
        "(PDS_DATA_DIRECTORY or --data-directory).",
    );
  }
  writeFileSync(join(dataDirectory, PID_FILE), `${process.pid}\n`);
  return { release: () => lock.close() };
}

function holder(dataDirectory: string): string {
  try {
    const pid = readFileSync(join(dataDirectory, PID_FILE), "utf8").trim();
    return /^\d+$/.test(pid) ? ` (pid ${pid})` : "";
  } catch {
    return "";
  }
}
