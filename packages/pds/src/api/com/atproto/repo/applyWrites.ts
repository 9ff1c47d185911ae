import { resolveRepoForWrite } from "../../../../account/resolve-repo.js";
import { requireScope } from "../../../../auth/permissions.js";
import {
  booleanField,
  cidField,
  expectObject,
  type JsonObject,
  optionalStringField,
  recordField,
  stringField,
} from "../../../../lexicon/input.js";
import { repoWriteLimit, WRITE_POINTS } from "../../../../rate-limit.js";
import { prepareDelete, prepareRecordWrite } from "../../../../repo/prepare.js";
import { MAX_WRITES_PER_COMMIT } from "../../../../repo/transactor.js";
import type { PreparedWrite, WriteResult } from "../../../../repo/types.js";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { mapRepoErrors } from "../../../repo-errors.js";
import { commitJson, writeRouteBase } from "../../../repo-write.js";
import { defaultRkey } from "./createRecord.js";

const NSID = "com.atproto.repo.applyWrites";
const KINDS = {
  [`${NSID}#create`]: "create",
  [`${NSID}#update`]: "update",
  [`${NSID}#delete`]: "delete",
} as const;

function parseWrite(value: unknown, i: number) {
  const path = `$.writes[${i}]`;
  const obj = expectObject(value, path);
  const kind = KINDS[obj.$type as keyof typeof KINDS];
  if (kind === undefined) {
    throw new InvalidRequestError(`${path} $type must be one of ${Object.keys(KINDS).join(", ")}`);
  }
  const collection = stringField(obj, "collection", "nsid", path);
  const rkey =
    kind === "create"
      ? optionalStringField(obj, "rkey", "record-key", path)
      : stringField(obj, "rkey", "record-key", path);
  return { kind, collection, rkey, value: kind === "delete" ? undefined : recordField(obj, "value", path) };
}

function parseInput(body: unknown) {
  const obj = expectObject(body, "$");
  const writes = obj.writes;
  if (!Array.isArray(writes)) throw new InvalidRequestError(`Expected array value type at $.writes`);
  if (writes.length > MAX_WRITES_PER_COMMIT) {
    throw new InvalidRequestError(`Too many writes. Max: ${MAX_WRITES_PER_COMMIT}`);
  }
  return {
    repo: stringField(obj, "repo", "at-identifier"),
    validate: booleanField(obj, "validate"),
    writes: writes.map(parseWrite),
    swapCommit: cidField(obj, "swapCommit"),
  };
}

function resultJson(result: WriteResult): JsonObject {
  if (result.action === "delete") return { $type: `${NSID}#deleteResult` };
  return {
    $type: `${NSID}#${result.action}Result`,
    uri: result.uri,
    cid: result.cid.toString(),
    validationStatus: result.validationStatus,
  };
}

/**
 * com.atproto.repo.applyWrites: up to 200 creates, updates and deletes as one commit. An update of a
 * missing record is 400 RecordNotFound and a create on a taken key 400 RecordAlreadyExists (the
 * reference answers 500 for both).
 */
export const applyWrites = defineRoute({
  ...writeRouteBase,
  nsid: NSID,
  parseInput,
  rateLimit: repoWriteLimit(({ input }) => input.writes.reduce((sum, w) => sum + WRITE_POINTS[w.kind], 0)),
  handler: ({ input, auth, ctx }) =>
    mapRepoErrors(async () => {
      const { did } = resolveRepoForWrite(ctx, input.repo, auth);
      for (const w of input.writes)
        requireScope(auth, { repo: { collection: w.collection, action: w.kind } });
      const writes: PreparedWrite[] = input.writes.map((w) =>
        w.value === undefined
          ? prepareDelete(w.collection, w.rkey!)
          : prepareRecordWrite({
              ...w.value,
              action: w.kind as "create" | "update",
              collection: w.collection,
              rkey: w.rkey ?? defaultRkey(w.collection),
              validate: input.validate,
            }),
      );
      const { commit, results } = await ctx.repos.applyWrites(did, writes, input.swapCommit);
      return {
        encoding: "application/json",
        body: { commit: commitJson(commit), results: results.map(resultJson) },
      };
    }),
});
