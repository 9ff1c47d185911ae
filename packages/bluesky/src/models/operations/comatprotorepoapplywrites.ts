import { atIdentifier, cid, nsid, recordKey } from "../../lib/formats.js";
import type { Operation } from "../../lib/operation.js";
import { anyObject, arr, bool, obj, union } from "../../lib/schema.js";
import {
  type ComAtprotoRepoDefsCommitMeta,
  commitMetaSchema,
  type ValidationStatus,
} from "../components/commitmeta.js";
import type { JsonObject } from "../components/json.js";
import {
  ComAtprotoRepoApplyWritesResponseBody as ApplyWritesBadRequest,
  ComAtprotoRepoApplyWritesRepoResponseBody,
} from "../errors/comatprotorepoapplywrites.js";

/** Create a record; the server picks a TID when `rkey` is omitted. */
export type ApplyWritesCreate = {
  $type: "com.atproto.repo.applyWrites#create";
  collection: string;
  rkey?: string;
  value: JsonObject;
};
/** Create or replace a record. */
export type ApplyWritesUpdate = {
  $type: "com.atproto.repo.applyWrites#update";
  collection: string;
  rkey: string;
  value: JsonObject;
};
/** Delete a record. */
export type ApplyWritesDelete = {
  $type: "com.atproto.repo.applyWrites#delete";
  collection: string;
  rkey: string;
};

/** Input of com.atproto.repo.applyWrites: writes applied in one commit, all or none. */
export type ComAtprotoRepoApplyWritesRequestBody = {
  repo: string;
  writes: (ApplyWritesCreate | ApplyWritesUpdate | ApplyWritesDelete)[];
  validate?: boolean;
  swapCommit?: string;
};

/** The outcome of one write, in the order of `writes`. */
export type ApplyWritesResult =
  | {
      $type: "com.atproto.repo.applyWrites#createResult";
      uri: string;
      cid: string;
      validationStatus?: ValidationStatus;
    }
  | {
      $type: "com.atproto.repo.applyWrites#updateResult";
      uri: string;
      cid: string;
      validationStatus?: ValidationStatus;
    }
  | { $type: "com.atproto.repo.applyWrites#deleteResult" };

/** Output of com.atproto.repo.applyWrites. */
export type ComAtprotoRepoApplyWritesResponseBody = {
  commit?: ComAtprotoRepoDefsCommitMeta;
  results?: ApplyWritesResult[];
};

/** com.atproto.repo.applyWrites: several creates, updates and deletes in one commit. */
export const comAtprotoRepoApplyWrites: Operation<
  ComAtprotoRepoApplyWritesRequestBody,
  ComAtprotoRepoApplyWritesResponseBody,
  ApplyWritesBadRequest,
  ComAtprotoRepoApplyWritesRepoResponseBody
> = {
  id: "com.atproto.repo.applyWrites",
  kind: "procedure",
  auth: "access",
  input: /* @__PURE__ */ obj(
    {
      repo: atIdentifier,
      writes: /* @__PURE__ */ arr(
        /* @__PURE__ */ union({
          "com.atproto.repo.applyWrites#create": obj(
            { collection: nsid, value: anyObject },
            { rkey: recordKey },
          ),
          "com.atproto.repo.applyWrites#update": obj({ collection: nsid, rkey: recordKey, value: anyObject }),
          "com.atproto.repo.applyWrites#delete": obj({ collection: nsid, rkey: recordKey }),
        }),
        200,
      ),
    },
    { validate: bool, swapCommit: cid },
  ),
  output: /* @__PURE__ */ obj({}, { commit: commitMetaSchema, results: /* @__PURE__ */ arr(anyObject) }),
  errors: ["InvalidSwap"],
  badRequest: ApplyWritesBadRequest,
  unauthorized: ComAtprotoRepoApplyWritesRepoResponseBody,
};
