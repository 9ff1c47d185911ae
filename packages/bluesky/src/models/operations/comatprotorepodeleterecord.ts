import { atIdentifier, cid, nsid, recordKey } from "../../lib/formats.js";
import type { Operation } from "../../lib/operation.js";
import { obj } from "../../lib/schema.js";
import { type ComAtprotoRepoDefsCommitMeta, commitMetaSchema } from "../components/commitmeta.js";
import {
  ComAtprotoRepoDeleteRecordRepoResponseBody,
  ComAtprotoRepoDeleteRecordResponseBody as DeleteRecordBadRequest,
} from "../errors/comatprotorepodeleterecord.js";

/** Input of com.atproto.repo.deleteRecord. */
export type ComAtprotoRepoDeleteRecordRequestBody = {
  repo: string;
  collection: string;
  rkey: string;
  /** Compare-and-swap with the current record's CID. */
  swapRecord?: string;
  swapCommit?: string;
};

/** Output of com.atproto.repo.deleteRecord; no commit when there was nothing to delete. */
export type ComAtprotoRepoDeleteRecordResponseBody = { commit?: ComAtprotoRepoDefsCommitMeta };

/** com.atproto.repo.deleteRecord: delete a record, or make sure it does not exist. */
export const comAtprotoRepoDeleteRecord: Operation<
  ComAtprotoRepoDeleteRecordRequestBody,
  ComAtprotoRepoDeleteRecordResponseBody,
  DeleteRecordBadRequest,
  ComAtprotoRepoDeleteRecordRepoResponseBody
> = {
  id: "com.atproto.repo.deleteRecord",
  kind: "procedure",
  auth: "access",
  input: /* @__PURE__ */ obj(
    { repo: atIdentifier, collection: nsid, rkey: recordKey },
    { swapRecord: cid, swapCommit: cid },
  ),
  output: /* @__PURE__ */ obj({}, { commit: commitMetaSchema }),
  errors: ["InvalidSwap"],
  badRequest: DeleteRecordBadRequest,
  unauthorized: ComAtprotoRepoDeleteRecordRepoResponseBody,
};
