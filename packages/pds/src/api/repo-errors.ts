import {
  BadCommitSwapError,
  BadRecordSwapError,
  BlobMismatchError,
  BlobNotFoundError,
  CommitTooLargeError,
  InvalidImportError,
  InvalidRecordError,
  RecordAlreadyExistsError,
  RecordNotFoundForUpdateError,
  RepoNotFoundError,
} from "../repo/errors.js";
import { SnapshotClosedError, SnapshotLimitError } from "../repo/snapshot.js";
import { InvalidRequestError, ResponseAbandonedError, XRPCError } from "../xrpc/errors.js";

/**
 * The one place the repo layer's errors become XRPC errors (pds-anchor §2.4). Where the reference
 * answers 500 (create on a taken key, update of a missing record) we answer a named 400.
 */
export function toRepoXrpcError(err: unknown): XRPCError | unknown {
  if (err instanceof BadCommitSwapError || err instanceof BadRecordSwapError) {
    return new InvalidRequestError(err.message, "InvalidSwap");
  }
  if (
    err instanceof InvalidRecordError ||
    err instanceof CommitTooLargeError ||
    err instanceof InvalidImportError
  ) {
    return new InvalidRequestError(err.message);
  }
  if (err instanceof RecordAlreadyExistsError)
    return new InvalidRequestError(err.message, "RecordAlreadyExists");
  if (err instanceof RecordNotFoundForUpdateError)
    return new InvalidRequestError(err.message, "RecordNotFound");
  if (err instanceof BlobNotFoundError) return new InvalidRequestError(err.message, "BlobNotFound");
  if (err instanceof BlobMismatchError) {
    return new InvalidRequestError(err.message, err.kind === "mimeType" ? "InvalidMimeType" : "InvalidSize");
  }
  if (err instanceof RepoNotFoundError) return new InvalidRequestError(err.message, "RepoNotFound");
  if (err instanceof SnapshotLimitError) {
    return new XRPCError(503, "NotEnoughResources", "Too many repo exports in progress; retry later", {
      "retry-after": "5",
    });
  }
  // Only an export outliving its time limit reads a closed snapshot; getRepo logs that cut-off.
  if (err instanceof SnapshotClosedError) return new ResponseAbandonedError(err.message);
  return err;
}

/** `stream`, translating repo-layer errors that surface while it is read (after the headers went). */
export async function* mapRepoStreamErrors<T>(stream: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* stream;
  } catch (err) {
    throw toRepoXrpcError(err);
  }
}

/** Runs `fn`, translating repo-layer errors on the way out. */
export async function mapRepoErrors<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toRepoXrpcError(err);
  }
}
