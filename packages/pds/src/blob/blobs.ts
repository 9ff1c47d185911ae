import { Cid, RAW } from "@putrecord/repo";
import type { Db } from "../db/database.js";
import { BlobIndex, type DeclaredBlob } from "./blob-index.js";
import { DiskBlobStore } from "./disk-blob-store.js";
import { sniffMimeType } from "./sniff.js";

/** Blob uploads and reads: bytes on disk, metadata and references in SQLite. */
export class Blobs {
  readonly index: BlobIndex;
  readonly files: DiskBlobStore;

  constructor(db: Db, location: string) {
    this.index = new BlobIndex(db);
    this.files = new DiskBlobStore(location);
  }

  /** Stores an upload durably and records it as temporary until a record references it (at once if one does). */
  async upload(did: string, bytes: Uint8Array, declaredType: string | undefined): Promise<DeclaredBlob> {
    const cid = Cid.create(RAW, bytes).toString();
    const mimeType = sniffMimeType(bytes, declaredType);
    await this.files.put(did, cid, bytes);
    this.index.recordUpload(did, cid, mimeType, bytes.length);
    this.index.keepIfReferenced(did, cid);
    const row = this.index.get(did, cid);
    return { cid, mimeType: row?.mimeType ?? mimeType, size: bytes.length };
  }

  /** A referenced (permanent) blob's bytes and type, or null. Temporary uploads are not served. */
  async attemptRead(did: string, cid: string): Promise<{ bytes: Buffer; mimeType: string } | null> {
    const row = this.index.get(did, cid);
    if (row === null || row.temporary) return null;
    const bytes = await this.files.attemptRead(did, cid);
    return bytes === null ? null : { bytes, mimeType: row.mimeType };
  }
}
