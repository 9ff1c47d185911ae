import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";

/** Where uploads are written before they are renamed into place (inside the blob store). */
const TEMP_DIR = ".tmp";

/**
 * Blob bytes on disk at `<root>/<did>/<cid>`. A file is written under a temporary name, fsynced and
 * renamed, so a blob the server acknowledged is whole after a crash. Whether a blob is temporary
 * or referenced lives in the database (blob-index.ts), so making it permanent is part of the
 * record's transaction and never a file move that a crash could split.
 */
export class DiskBlobStore {
  /**
   * Clears `<root>/.tmp`: what is there is an upload a crash interrupted, since a failed one is removed
   * at once. The data directory's lock means no other server is writing there (the blob store is the
   * server's own, as its database is).
   */
  constructor(readonly root: string) {
    rmSync(join(root, TEMP_DIR), { recursive: true, force: true });
    mkdirSync(join(root, TEMP_DIR), { recursive: true, mode: 0o700 });
  }

  #path(did: string, cid: string): string {
    return join(this.root, encodeURIComponent(did), cid);
  }

  /** Stores bytes durably; storing the same CID again is harmless. A failed write leaves no file. */
  async put(did: string, cid: string, bytes: Uint8Array): Promise<void> {
    const tmp = join(this.root, TEMP_DIR, `${cid}.${randomBytes(6).toString("hex")}`);
    try {
      const file = await open(tmp, "w", 0o600);
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await mkdir(join(this.root, encodeURIComponent(did)), { recursive: true, mode: 0o700 });
      await rename(tmp, this.#path(did, cid));
    } catch (err) {
      // A full disk (ENOSPC) or any other failure: the partial file must not stay and hold the space.
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /** The blob's bytes, or null when absent. */
  async attemptRead(did: string, cid: string): Promise<Buffer | null> {
    try {
      return await readFile(this.#path(did, cid));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
  }

  /** Deletes a blob's bytes; absent is fine. */
  async delete(did: string, cid: string): Promise<void> {
    await rm(this.#path(did, cid), { force: true });
  }
}
