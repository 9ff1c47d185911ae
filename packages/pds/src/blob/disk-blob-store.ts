import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";

/**
 * Blob bytes on disk at `<root>/<did>/<cid>`. A file is written under a temporary name, fsynced and
 * renamed, so a blob the server acknowledged is whole after a crash. Whether a blob is temporary
 * or referenced lives in the database (blob-index.ts), so making it permanent is part of the
 * record's transaction and never a file move that a crash could split.
 */
export class DiskBlobStore {
  constructor(readonly root: string) {}

  #path(did: string, cid: string): string {
    return join(this.root, encodeURIComponent(did), cid);
  }

  /** Stores bytes durably; storing the same CID again is harmless. */
  async put(did: string, cid: string, bytes: Uint8Array): Promise<void> {
    const dir = join(this.root, encodeURIComponent(did));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = join(dir, `.${cid}.${randomBytes(6).toString("hex")}.tmp`);
    const file = await open(tmp, "w", 0o600);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, this.#path(did, cid));
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
