import { type FileHandle, open } from "node:fs/promises";

/**
 * Makes committed WAL frames durable off the event loop. Group transactions commit with
 * `synchronous=NORMAL` (frames written, not yet synced) and then wait here: one fdatasync of the WAL
 * file, on libuv's thread pool, covers every commit made before it started, so while one sync is in
 * flight the next group can already run its transaction, and the groups that commit meanwhile share
 * the following sync. Nobody is answered before their commit's sync returns: an acknowledged write is
 * on disk exactly as with `synchronous=FULL`, without blocking the event loop during the fsync.
 */
export class WalSync {
  #file: Promise<FileHandle> | undefined;
  #waiting: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  #syncing = false;

  constructor(readonly walPath: string) {}

  /** Resolves once every commit made before this call is on disk. */
  whenDurable(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      if (!this.#syncing) void this.#loop();
    });
  }

  async #loop(): Promise<void> {
    this.#syncing = true;
    while (this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0);
      try {
        // SQLite keeps the -wal file (same inode) while the database is open, so one handle serves.
        this.#file ??= open(this.walPath, "r+");
        await (await this.#file).datasync();
        for (const w of batch) w.resolve();
      } catch (err) {
        this.#file = undefined;
        for (const w of batch) w.reject(err);
      }
    }
    this.#syncing = false;
  }

  /** Closes the WAL handle (after the last sync). */
  async close(): Promise<void> {
    const file = this.#file;
    this.#file = undefined;
    if (file) await (await file).close();
  }
}
