import type { BlueskyCore } from "../core.js";
import { callBinary } from "../lib/call-binary.js";
import type { OperationError } from "../lib/operation.js";
import type { RequestOptions } from "../lib/sdks.js";
import {
  type ComAtprotoRepoUploadBlobRequest,
  type ComAtprotoRepoUploadBlobResponseBody,
  comAtprotoRepoUploadBlob,
} from "../models/operations/comatprotorepouploadblob.js";
import type { Result } from "../types/fp.js";

/** Every error repoUploadBlob can return. */
export type RepoUploadBlobError = OperationError<typeof comAtprotoRepoUploadBlob>;

/** Uploads a blob to reference from a record (com.atproto.repo.uploadBlob); never rejects for a known error. */
export function repoUploadBlob(
  client: BlueskyCore,
  request: ComAtprotoRepoUploadBlobRequest,
  options?: RequestOptions,
): Promise<Result<ComAtprotoRepoUploadBlobResponseBody, RepoUploadBlobError>> {
  return callBinary(client, comAtprotoRepoUploadBlob, request, options);
}
