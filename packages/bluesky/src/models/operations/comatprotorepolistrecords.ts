import { atIdentifier, nsid } from "../../lib/formats.js";
import type { Operation } from "../../lib/operation.js";
import { anyObject, anyStr, arr, bool, int, obj } from "../../lib/schema.js";
import type { RecordOf } from "../components/records.js";
import {
  ComAtprotoRepoListRecordsRepoResponseBody,
  ComAtprotoRepoListRecordsResponseBody as ListRecordsBadRequest,
} from "../errors/comatprotorepolistrecords.js";

/** Parameters of com.atproto.repo.listRecords. */
export type ComAtprotoRepoListRecordsRequest<C extends string = string> = {
  repo: string;
  collection: C;
  /** Page size, 1 to 100; the server's default is 50. */
  limit?: number;
  cursor?: string;
  /** Oldest first instead of newest first. */
  reverse?: boolean;
};

/** One record of a listRecords page. */
export type ComAtprotoRepoListRecordsRecord<C extends string = string> = {
  uri: string;
  cid: string;
  value: RecordOf<C>;
};

/** Output of com.atproto.repo.listRecords: one page; `cursor` is absent on the last. */
export type ComAtprotoRepoListRecordsResponseBody<C extends string = string> = {
  cursor?: string;
  records: ComAtprotoRepoListRecordsRecord<C>[];
};

/** com.atproto.repo.listRecords: one page of a collection's records. */
export const comAtprotoRepoListRecords: Operation<
  ComAtprotoRepoListRecordsRequest,
  ComAtprotoRepoListRecordsResponseBody,
  ListRecordsBadRequest,
  ComAtprotoRepoListRecordsRepoResponseBody
> = {
  id: "com.atproto.repo.listRecords",
  kind: "query",
  auth: "optional",
  input: /* @__PURE__ */ obj(
    { repo: atIdentifier, collection: nsid },
    { limit: /* @__PURE__ */ int(1, 100), cursor: anyStr, reverse: bool },
  ),
  output: /* @__PURE__ */ obj(
    { records: /* @__PURE__ */ arr(/* @__PURE__ */ obj({ uri: anyStr, cid: anyStr, value: anyObject })) },
    { cursor: anyStr },
  ),
  errors: [],
  badRequest: ListRecordsBadRequest,
  unauthorized: ComAtprotoRepoListRecordsRepoResponseBody,
};
