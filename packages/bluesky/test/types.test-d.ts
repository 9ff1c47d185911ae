// Compile-time checks of the public types; types.test.ts runs tsc over this file, so a wrong type fails the suite.
import { expectTypeOf } from "vitest";
import type { BlueskyCore } from "../src/core.js";
import type { RepoGetRecordError, repoGetRecord } from "../src/funcs/repoGetRecord.js";
import { type RepoPutRecordError, repoPutRecord } from "../src/funcs/repoPutRecord.js";
import type { AppBskyFeedPost } from "../src/models/components/records.js";
import type * as errors from "../src/models/errors/index.js";
import type { ComAtprotoRepoPutRecordResponseBody } from "../src/models/operations/comatprotorepoputrecord.js";
import type { Bluesky } from "../src/sdk/sdk.js";
import type { Result } from "../src/types/fp.js";

declare const client: BlueskyCore;
declare const bluesky: Bluesky;
const request = { repo: "alice.test", collection: "com.example.thing", rkey: "k", record: { a: 1 } };

// A Result narrows on `ok`.
declare const result: Result<ComAtprotoRepoPutRecordResponseBody, RepoPutRecordError>;
if (result.ok) {
  expectTypeOf(result.value).toEqualTypeOf<ComAtprotoRepoPutRecordResponseBody>();
} else {
  expectTypeOf(result.error).toEqualTypeOf<RepoPutRecordError>();
}

// putRecord's error union is exactly the page's table plus the client errors.
expectTypeOf<RepoPutRecordError>().toEqualTypeOf<
  | errors.ComAtprotoRepoPutRecordResponseBody
  | errors.ComAtprotoRepoPutRecordRepoResponseBody
  | errors.Unauthorized
  | errors.NotFound
  | errors.Timeout
  | errors.BadRequest
  | errors.RateLimited
  | errors.InternalServerError
  | errors.APIError
  | errors.ResponseValidationError
  | errors.SDKValidationError
  | errors.UnexpectedClientError
  | errors.InvalidRequestError
  | errors.RequestAbortedError
  | errors.RequestTimeoutError
  | errors.ConnectionError
>();
// Another operation's union carries its own classes, not putRecord's.
expectTypeOf<errors.ComAtprotoRepoGetRecordResponseBody>().toExtend<RepoGetRecordError>();
expectTypeOf<errors.ComAtprotoRepoPutRecordResponseBody>().not.toExtend<RepoGetRecordError>();

// The XRPC name is a known literal union left open to new names.
expectTypeOf<errors.ComAtprotoRepoPutRecordResponseBody["error"]>().toExtend<string>();
expectTypeOf<"InvalidSwap">().toExtend<errors.ComAtprotoRepoPutRecordResponseBody["error"]>();
expectTypeOf<"AccountNotFound">().toExtend<errors.ComAtprotoRepoPutRecordResponseBody["error"]>();

// The standalone function resolves to a Result; the method to the value.
expectTypeOf(repoPutRecord(client, request)).resolves.toEqualTypeOf<
  Result<ComAtprotoRepoPutRecordResponseBody, RepoPutRecordError>
>();
expectTypeOf(bluesky.repo.putRecord(request)).resolves.toEqualTypeOf<ComAtprotoRepoPutRecordResponseBody>();

// record must be an object; swapRecord may be null; a known collection types its record.
// @ts-expect-error a string is not a record
repoPutRecord(client, { ...request, record: "<value>" });
repoPutRecord(client, { ...request, swapRecord: null });
const post = { text: "hi", createdAt: "2024-01-01T00:00:00Z" };
repoPutRecord(client, { ...request, collection: "app.bsky.feed.post", record: post });
// @ts-expect-error a post needs text
repoPutRecord(client, { ...request, collection: "app.bsky.feed.post", record: { createdAt: "x" } });

// getRecord's value is typed by the collection.
declare const got: Awaited<ReturnType<typeof repoGetRecord<"app.bsky.feed.post">>>;
if (got.ok) expectTypeOf(got.value.value).toEqualTypeOf<AppBskyFeedPost>();
