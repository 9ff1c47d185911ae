import { once } from "node:events";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Db } from "./database.js";

/** Time between checkpoints: pages rewritten by many commits in that time are copied once. */
const INTERVAL_MS = 100;
/**
 * Under constant writes a PASSIVE checkpoint never catches up with the last frame, and the WAL only
 * restarts once one does. So the writer still checkpoints after a commit once the WAL holds this many
 * frames (16 MB of 4 KB pages); the worker has copied all but its last ~100 ms by then, so that
 * checkpoint is short, completes, and the next transaction starts the WAL over.
 */
const WRITER_CHECKPOINT_FRAMES = 4096;

// Plain CommonJS, so the worker runs the same under tsx, vitest and the built package.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 5000");
let stopped = false;
let timer;
const step = () => {
  if (stopped) return;
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message ? err.message : err) });
  }
  timer = setTimeout(step, workerData.intervalMs);
};
step();
parentPort.on("message", () => {
  stopped = true;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Copies committed WAL frames into the database file from a worker thread with its own connection.
 * SQLite's automatic checkpoint runs inside whichever COMMIT crosses its threshold (1,000 frames): every
 * few dozen commits one writer waited for hundreds of random page writes and an fsync of the database
 * file, on the event loop. A PASSIVE checkpoint never blocks the writer. Crash safety is SQLite's:
 * frames stay in the WAL until the database file holding them is synced.
 */
export class Checkpointer {
  readonly #worker: Worker;
  #stopped: Promise<unknown> | undefined;

  constructor(db: Db, onError: (err: Error) => void) {
    db.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_FRAMES}`);
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, file: db.name, intervalMs: INTERVAL_MS },
    });
    this.#worker.on("message", (m: { error: string }) =>
      onError(new Error(`WAL checkpoint failed: ${m.error}`)),
    );
    this.#worker.on("error", onError);
  }

  /** Stops the worker (its connection closed) before the main connection closes. */
  async close(): Promise<void> {
    this.#stopped ??= (async () => {
      const exited = once(this.#worker, "exit");
      this.#worker.postMessage("stop");
      await exited;
    })();
    await this.#stopped;
  }
}
