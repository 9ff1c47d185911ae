import type { BlueskyCore } from "../core.js";
import { call } from "../lib/call.js";
import type { OperationError } from "../lib/operation.js";
import type { RequestOptions } from "../lib/sdks.js";
import {
  type ComAtprotoRepoDescribeRepoRequest,
  type ComAtprotoRepoDescribeRepoResponseBody,
  comAtprotoRepoDescribeRepo,
} from "../models/operations/comatprotorepodescriberepo.js";
import type { Result } from "../types/fp.js";

/** Every error repoDescribeRepo can return. */
export type RepoDescribeRepoError = OperationError<typeof comAtprotoRepoDescribeRepo>;

/** Describes a repo: account and collections (com.atproto.repo.describeRepo); never rejects for a known error. */
export function repoDescribeRepo(
  client: BlueskyCore,
  request: ComAtprotoRepoDescribeRepoRequest,
  options?: RequestOptions,
): Promise<Result<ComAtprotoRepoDescribeRepoResponseBody, RepoDescribeRepoError>> {
  return call(client, comAtprotoRepoDescribeRepo, request, options);
}
