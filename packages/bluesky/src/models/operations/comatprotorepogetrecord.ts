import { atIdentifier, cid, nsid, recordKey } from "../../lib/formats.js";
import type { Operation } from "../../lib/operation.js";
import { anyObject, anyStr, obj } from "../../lib/schema.js";
import type { RecordOf } from "../components/records.js";
import {
  ComAtprotoRepoGetRecordRepoResponseBody,
  ComAtprotoRepoGetRecordResponseBody as GetRecordBadRequest,
} from "../errors/comatprotorepogetrecord.js";

/** Parameters of com.atproto.repo.getRecord. */
export type ComAtprotoRepoGetRecordRequest<C extends string = string> = {
  repo: string;
  collection: C;
  rkey: string;
  /** A specific version; the current one when omitted. */
  cid?: string;
};

/** Output of com.atproto.repo.getRecord; `value` is typed by the collection when it is known. */
export type ComAtprotoRepoGetRecordResponseBody<C extends string = string> = {
  uri: string;
  cid?: string;
  value: RecordOf<C>;
};

/** com.atproto.repo.getRecord: read one record; a missing one is a 400 with `error: "RecordNotFound"`. */
export const comAtprotoRepoGetRecord: Operation<
  ComAtprotoRepoGetRecordRequest,
  ComAtprotoRepoGetRecordResponseBody,
  GetRecordBadRequest,
  ComAtprotoRepoGetRecordRepoResponseBody
> = {
  id: "com.atproto.repo.getRecord",
  kind: "query",
  auth: "optional",
  input: /* @__PURE__ */ obj({ repo: atIdentifier, collection: nsid, rkey: recordKey }, { cid }),
  output: /* @__PURE__ */ obj({ uri: anyStr, value: anyObject }, { cid: anyStr }),
  errors: ["RecordNotFound"],
  badRequest: GetRecordBadRequest,
  unauthorized: ComAtprotoRepoGetRecordRepoResponseBody,
};
