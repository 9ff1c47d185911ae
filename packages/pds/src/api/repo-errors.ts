import { BlobMismatchError, BlobNotFoundError } from "../blob/errors.js";
import { RepoNotFoundError } from "../store/errors.js";
import { SnapshotClosedError, SnapshotLimitError } from "../store/snapshot.js";
import {
  BadCommitSwapError,
  BadRecordSwapError,
  CommitTooLargeError,
  InvalidImportError,
  InvalidRecordError,
  RecordAlreadyExistsError,
  RecordNotFoundForUpdateError,
} from "../write/errors.js";
import { InvalidRequestError, ResponseAbandonedError, XRPCError } from "../xrpc/errors.js";

/**
 * The one place the write pipeline's and the store's errors become XRPC errors (pds-anchor §2.4),
 * declared as the `mapErrors` of the routes that meet them. Where the reference answers 500 (create on
 * a taken key, update of a missing record) we answer a named 400. Anything else is returned as it is.
 */
export function toRepoXrpcError(err: unknown): unknown {
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
