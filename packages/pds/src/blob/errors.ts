/** A referenced blob was never uploaded by this account, or was taken down. */
export class BlobNotFoundError extends Error {
  constructor(readonly cid: string) {
    super(`Could not find blob: ${cid}`);
    this.name = "BlobNotFoundError";
  }
}

/** A blob ref declares a MIME type or size other than the upload's. */
export class BlobMismatchError extends Error {
  constructor(
    readonly kind: "mimeType" | "size",
    readonly expected: string | number,
    readonly got: string | number,
  ) {
    super(`Referenced ${kind} does not match stored blob. Expected: ${expected}, Got: ${got}`);
    this.name = "BlobMismatchError";
  }
}
