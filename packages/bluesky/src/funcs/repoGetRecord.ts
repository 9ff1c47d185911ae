import type { BlueskyCore } from "../core.js";
import { call } from "../lib/call.js";
import type { OperationError } from "../lib/operation.js";
import type { RequestOptions } from "../lib/sdks.js";
import {
  type ComAtprotoRepoGetRecordRequest,
  type ComAtprotoRepoGetRecordResponseBody,
  comAtprotoRepoGetRecord,
} from "../models/operations/comatprotorepogetrecord.js";
import type { Result } from "../types/fp.js";

/** Every error repoGetRecord can return. */
export type RepoGetRecordError = OperationError<typeof comAtprotoRepoGetRecord>;

/** Reads one record (com.atproto.repo.getRecord); never rejects for a known error. */
export function repoGetRecord<C extends string>(
  client: BlueskyCore,
  request: ComAtprotoRepoGetRecordRequest<C>,
  options?: RequestOptions,
): Promise<Result<ComAtprotoRepoGetRecordResponseBody<C>, RepoGetRecordError>> {
  return call(client, comAtprotoRepoGetRecord, request as ComAtprotoRepoGetRecordRequest, options) as Promise<
    Result<ComAtprotoRepoGetRecordResponseBody<C>, RepoGetRecordError>
  >;
}
