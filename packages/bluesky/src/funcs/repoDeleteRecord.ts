import type { BlueskyCore } from "../core.js";
import { call } from "../lib/call.js";
import type { OperationError } from "../lib/operation.js";
import type { RequestOptions } from "../lib/sdks.js";
import {
  type ComAtprotoRepoDeleteRecordRequestBody,
  type ComAtprotoRepoDeleteRecordResponseBody,
  comAtprotoRepoDeleteRecord,
} from "../models/operations/comatprotorepodeleterecord.js";
import type { Result } from "../types/fp.js";

/** Every error repoDeleteRecord can return. */
export type RepoDeleteRecordError = OperationError<typeof comAtprotoRepoDeleteRecord>;

/** Deletes a record, or makes sure it does not exist (com.atproto.repo.deleteRecord); never rejects for a known error. */
export function repoDeleteRecord(
  client: BlueskyCore,
  request: ComAtprotoRepoDeleteRecordRequestBody,
  options?: RequestOptions,
): Promise<Result<ComAtprotoRepoDeleteRecordResponseBody, RepoDeleteRecordError>> {
  return call(client, comAtprotoRepoDeleteRecord, request, options);
}
