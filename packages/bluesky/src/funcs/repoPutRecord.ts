import type { BlueskyCore } from "../core.js";
import { call } from "../lib/call.js";
import type { OperationError } from "../lib/operation.js";
import type { RequestOptions } from "../lib/sdks.js";
import {
  type ComAtprotoRepoPutRecordRequestBody,
  type ComAtprotoRepoPutRecordResponseBody,
  comAtprotoRepoPutRecord,
} from "../models/operations/comatprotorepoputrecord.js";
import type { Result } from "../types/fp.js";

/** Every error repoPutRecord can return. */
export type RepoPutRecordError = OperationError<typeof comAtprotoRepoPutRecord>;

/** Writes a record, creating or replacing it (com.atproto.repo.putRecord); never rejects for a known error. */
export function repoPutRecord<C extends string>(
  client: BlueskyCore,
  request: ComAtprotoRepoPutRecordRequestBody<C>,
  options?: RequestOptions,
): Promise<Result<ComAtprotoRepoPutRecordResponseBody, RepoPutRecordError>> {
  return call(client, comAtprotoRepoPutRecord, request as ComAtprotoRepoPutRecordRequestBody, options);
}
