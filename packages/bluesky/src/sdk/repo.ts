import type { BlueskyCore } from "../core.js";
import { repoApplyWrites } from "../funcs/repoApplyWrites.js";
import { repoCreateRecord } from "../funcs/repoCreateRecord.js";
import { repoDeleteRecord } from "../funcs/repoDeleteRecord.js";
import { repoDescribeRepo } from "../funcs/repoDescribeRepo.js";
import { repoGetRecord } from "../funcs/repoGetRecord.js";
import { type RepoListRecordsPage, repoListRecords } from "../funcs/repoListRecords.js";
import { repoPutRecord } from "../funcs/repoPutRecord.js";
import { repoUploadBlob } from "../funcs/repoUploadBlob.js";
import type { RequestOptions } from "../lib/sdks.js";
import type * as ops from "../models/operations/index.js";
import { unwrapAsync } from "../types/fp.js";

/** `bluesky.repo`: the com.atproto.repo methods; each throws the typed error its standalone function returns. */
export class Repo {
  constructor(private readonly client: BlueskyCore) {}

  /** Writes a record, creating or replacing it. */
  putRecord<C extends string>(
    request: ops.ComAtprotoRepoPutRecordRequestBody<C>,
    options?: RequestOptions,
  ): Promise<ops.ComAtprotoRepoPutRecordResponseBody> {
    return unwrapAsync(repoPutRecord(this.client, request, options));
  }

  /** Creates a record under a new key. */
  createRecord<C extends string>(
    request: ops.ComAtprotoRepoCreateRecordRequestBody<C>,
    options?: RequestOptions,
  ): Promise<ops.ComAtprotoRepoCreateRecordResponseBody> {
    return unwrapAsync(repoCreateRecord(this.client, request, options));
  }

  /** Reads one record. */
  getRecord<C extends string>(
    request: ops.ComAtprotoRepoGetRecordRequest<C>,
    options?: RequestOptions,
  ): Promise<ops.ComAtprotoRepoGetRecordResponseBody<C>> {
    return unwrapAsync(repoGetRecord(this.client, request, options));
  }

  /** Deletes a record, or makes sure it does not exist. */
  deleteRecord(
    request: ops.ComAtprotoRepoDeleteRecordRequestBody,
    options?: RequestOptions,
  ): Promise<ops.ComAtprotoRepoDeleteRecordResponseBody> {
    return unwrapAsync(repoDeleteRecord(this.client, request, options));
  }

  /** The first page of a collection's records; `for await` it for every page, or use `eachRecord()`. */
  listRecords<C extends string>(
    request: ops.ComAtprotoRepoListRecordsRequest<C>,
    options?: RequestOptions,
  ): Promise<RepoListRecordsPage<C>> {
    return unwrapAsync(repoListRecords(this.client, request, options));
  }

  /** Applies creates, updates and deletes in one commit. */
  applyWrites(
    request: ops.ComAtprotoRepoApplyWritesRequestBody,
    options?: RequestOptions,
  ): Promise<ops.ComAtprotoRepoApplyWritesResponseBody> {
    return unwrapAsync(repoApplyWrites(this.client, request, options));
  }

  /** Describes a repo: account and collections. */
  describeRepo(
    request: ops.ComAtprotoRepoDescribeRepoRequest,
    options?: RequestOptions,
  ): Promise<ops.ComAtprotoRepoDescribeRepoResponseBody> {
    return unwrapAsync(repoDescribeRepo(this.client, request, options));
  }

  /** Uploads a blob to reference from a record. */
  uploadBlob(
    request: ops.ComAtprotoRepoUploadBlobRequest,
    options?: RequestOptions,
  ): Promise<ops.ComAtprotoRepoUploadBlobResponseBody> {
    return unwrapAsync(repoUploadBlob(this.client, request, options));
  }
}
