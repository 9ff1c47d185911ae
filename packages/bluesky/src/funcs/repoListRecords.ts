import type { BlueskyCore } from "../core.js";
import { call } from "../lib/call.js";
import type { OperationError } from "../lib/operation.js";
import type { RequestOptions } from "../lib/sdks.js";
import {
  type ComAtprotoRepoListRecordsRecord,
  type ComAtprotoRepoListRecordsRequest,
  comAtprotoRepoListRecords,
} from "../models/operations/comatprotorepolistrecords.js";
import { OK, type Result } from "../types/fp.js";
import { Page } from "../types/pages.js";

/** Every error repoListRecords can return. */
export type RepoListRecordsError = OperationError<typeof comAtprotoRepoListRecords>;

/** A page of listRecords: `cursor`, `records`, `next()`, and `for await` over pages or `eachRecord()`. */
export type RepoListRecordsPage<C extends string = string> = Page<
  ComAtprotoRepoListRecordsRecord<C>,
  RepoListRecordsError
>;

/** Lists a collection's records one page at a time (com.atproto.repo.listRecords); never rejects for a known error. */
export async function repoListRecords<C extends string>(
  client: BlueskyCore,
  request: ComAtprotoRepoListRecordsRequest<C>,
  options?: RequestOptions,
): Promise<Result<RepoListRecordsPage<C>, RepoListRecordsError>> {
  const res = await call(
    client,
    comAtprotoRepoListRecords,
    request as ComAtprotoRepoListRecordsRequest,
    options,
  );
  if (!res.ok) return res;
  const next = (cursor: string) => repoListRecords(client, { ...request, cursor }, options);
  return OK(new Page(res.value as RepoListRecordsPage<C>, next));
}
