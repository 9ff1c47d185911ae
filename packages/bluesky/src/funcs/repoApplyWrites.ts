import type { BlueskyCore } from "../core.js";
import { call } from "../lib/call.js";
import type { OperationError } from "../lib/operation.js";
import type { RequestOptions } from "../lib/sdks.js";
import {
  type ComAtprotoRepoApplyWritesRequestBody,
  type ComAtprotoRepoApplyWritesResponseBody,
  comAtprotoRepoApplyWrites,
} from "../models/operations/comatprotorepoapplywrites.js";
import type { Result } from "../types/fp.js";

/** Every error repoApplyWrites can return. */
export type RepoApplyWritesError = OperationError<typeof comAtprotoRepoApplyWrites>;

/** Applies creates, updates and deletes in one commit (com.atproto.repo.applyWrites); never rejects for a known error. */
export function repoApplyWrites(
  client: BlueskyCore,
  request: ComAtprotoRepoApplyWritesRequestBody,
  options?: RequestOptions,
): Promise<Result<ComAtprotoRepoApplyWritesResponseBody, RepoApplyWritesError>> {
  return call(client, comAtprotoRepoApplyWrites, request, options);
}
