import { atIdentifier, cid, nsid, recordKey } from "../../lib/formats.js";
import type { Operation } from "../../lib/operation.js";
import { anyObject, bool, obj } from "../../lib/schema.js";
import { writeOutputSchema } from "../components/commitmeta.js";
import type { RecordOf } from "../components/records.js";
import {
  ComAtprotoRepoCreateRecordRepoResponseBody,
  ComAtprotoRepoCreateRecordResponseBody as CreateRecordBadRequest,
} from "../errors/comatprotorepocreaterecord.js";
import type { ComAtprotoRepoPutRecordResponseBody } from "./comatprotorepoputrecord.js";

/** Input of com.atproto.repo.createRecord; `record` is typed by `collection` when the collection is known. */
export type ComAtprotoRepoCreateRecordRequestBody<C extends string = string> = {
  repo: string;
  collection: C;
  /** Record key; the server picks a TID when omitted. */
  rkey?: string;
  record: RecordOf<C>;
  validate?: boolean;
  swapCommit?: string;
};

/** Output of com.atproto.repo.createRecord (the same shape as putRecord's). */
export type ComAtprotoRepoCreateRecordResponseBody = ComAtprotoRepoPutRecordResponseBody;

/** com.atproto.repo.createRecord: write a new record; fails if the key is taken. */
export const comAtprotoRepoCreateRecord: Operation<
  ComAtprotoRepoCreateRecordRequestBody,
  ComAtprotoRepoCreateRecordResponseBody,
  CreateRecordBadRequest,
  ComAtprotoRepoCreateRecordRepoResponseBody
> = {
  id: "com.atproto.repo.createRecord",
  kind: "procedure",
  auth: "access",
  input: /* @__PURE__ */ obj(
    { repo: atIdentifier, collection: nsid, record: anyObject },
    { rkey: recordKey, validate: bool, swapCommit: cid },
  ),
  output: writeOutputSchema,
  errors: ["InvalidSwap"],
  badRequest: CreateRecordBadRequest,
  unauthorized: ComAtprotoRepoCreateRecordRepoResponseBody,
};
