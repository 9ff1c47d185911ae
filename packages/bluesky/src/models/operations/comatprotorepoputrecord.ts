import { atIdentifier, cid, nsid, recordKey } from "../../lib/formats.js";
import type { Operation } from "../../lib/operation.js";
import { anyObject, bool, nullable, obj } from "../../lib/schema.js";
import {
  type ComAtprotoRepoDefsCommitMeta,
  type ValidationStatus,
  writeOutputSchema,
} from "../components/commitmeta.js";
import type { RecordOf } from "../components/records.js";
import {
  ComAtprotoRepoPutRecordRepoResponseBody,
  ComAtprotoRepoPutRecordResponseBody as PutRecordBadRequest,
} from "../errors/comatprotorepoputrecord.js";

/** Input of com.atproto.repo.putRecord; `record` is typed by `collection` when the collection is known. */
export type ComAtprotoRepoPutRecordRequestBody<C extends string = string> = {
  /** Handle or DID of the repo (the authenticated account). */
  repo: string;
  /** NSID of the collection. */
  collection: C;
  /** Record key, at most 512 characters. */
  rkey: string;
  /** The record: a JSON object. */
  record: RecordOf<C>;
  /** `false` skips lexicon validation, `true` requires it; unset validates known lexicons only. */
  validate?: boolean;
  /** Compare-and-swap with the current record's CID; `null` means the record must not exist yet. */
  swapRecord?: string | null;
  /** Compare-and-swap with the repo's current commit CID. */
  swapCommit?: string;
};

/** Output of com.atproto.repo.putRecord. */
export type ComAtprotoRepoPutRecordResponseBody = {
  uri: string;
  cid: string;
  commit?: ComAtprotoRepoDefsCommitMeta;
  validationStatus?: ValidationStatus;
};

/** com.atproto.repo.putRecord: write a record, creating or replacing it. */
export const comAtprotoRepoPutRecord: Operation<
  ComAtprotoRepoPutRecordRequestBody,
  ComAtprotoRepoPutRecordResponseBody,
  PutRecordBadRequest,
  ComAtprotoRepoPutRecordRepoResponseBody
> = {
  id: "com.atproto.repo.putRecord",
  kind: "procedure",
  auth: "access",
  input: /* @__PURE__ */ obj(
    { repo: atIdentifier, collection: nsid, rkey: recordKey, record: anyObject },
    { validate: bool, swapRecord: /* @__PURE__ */ nullable(cid), swapCommit: cid },
  ),
  output: writeOutputSchema,
  errors: ["InvalidSwap"],
  badRequest: PutRecordBadRequest,
  unauthorized: ComAtprotoRepoPutRecordRepoResponseBody,
};
