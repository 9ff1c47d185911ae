import type { BlueskyCore } from "../core.js";
import { call } from "../lib/call.js";
import type { OperationError } from "../lib/operation.js";
import type { RequestOptions } from "../lib/sdks.js";
import {
  type ComAtprotoRepoCreateRecordRequestBody,
  type ComAtprotoRepoCreateRecordResponseBody,
  comAtprotoRepoCreateRecord,
} from "../models/operations/comatprotorepocreaterecord.js";
import type { Result } from "../types/fp.js";

/** Every error repoCreateRecord can return. */
export type RepoCreateRecordError = OperationError<typeof comAtprotoRepoCreateRecord>;

/** Creates a record under a new key (com.atproto.repo.createRecord); never rejects for a known error. */
export function repoCreateRecord<C extends string>(
  client: BlueskyCore,
  request: ComAtprotoRepoCreateRecordRequestBody<C>,
  options?: RequestOptions,
): Promise<Result<ComAtprotoRepoCreateRecordResponseBody, RepoCreateRecordError>> {
  return call(client, comAtprotoRepoCreateRecord, request as ComAtprotoRepoCreateRecordRequestBody, options);
}
