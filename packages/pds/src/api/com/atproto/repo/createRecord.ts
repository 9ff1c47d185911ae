import { Tid } from "@putrecord/repo";
import { resolveRepoForWrite } from "../../../../account/resolve-repo.js";
import { requireScope } from "../../../../auth/permissions.js";
import {
  booleanField,
  cidField,
  expectObject,
  optionalStringField,
  recordField,
  stringField,
} from "../../../../lexicon/input.js";
import { recordDef } from "../../../../lexicon/lexicons.js";
import { repoWriteLimit, WRITE_POINTS } from "../../../../rate-limit.js";
import { prepareRecordWrite } from "../../../../repo/prepare.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { mapRepoErrors } from "../../../repo-errors.js";
import { recordWriteJson, writeRouteBase } from "../../../repo-write.js";

/** The rkey of a create that named none: the schema's literal key (profile → "self"), else a new TID. */
export function defaultRkey(collection: string): string {
  const key = recordDef(collection)?.key;
  return key?.startsWith("literal:") ? key.slice("literal:".length) : Tid.next();
}

function parseInput(body: unknown) {
  const obj = expectObject(body, "$");
  return {
    repo: stringField(obj, "repo", "at-identifier"),
    collection: stringField(obj, "collection", "nsid"),
    rkey: optionalStringField(obj, "rkey", "record-key"),
    validate: booleanField(obj, "validate"),
    ...recordField(obj, "record"),
    swapCommit: cidField(obj, "swapCommit"),
  };
}

/** com.atproto.repo.createRecord: adds a record at a new key; a taken key is 400 RecordAlreadyExists. */
export const createRecord = defineRoute({
  ...writeRouteBase,
  nsid: "com.atproto.repo.createRecord",
  parseInput,
  rateLimit: repoWriteLimit(() => WRITE_POINTS.create),
  handler: ({ input, auth, ctx }) =>
    mapRepoErrors(async () => {
      const { did } = resolveRepoForWrite(ctx, input.repo, auth);
      requireScope(auth, { repo: { collection: input.collection, action: "create" } });
      const rkey = input.rkey ?? defaultRkey(input.collection);
      const write = prepareRecordWrite({ ...input, rkey, action: "create" });
      // As the reference: a validated like/repost/follow/block replaces an older one of the same subject.
      write.replaceDuplicates = input.validate !== false;
      const { commit, result } = await ctx.repos.writeRecord(did, write, input.swapCommit);
      return recordWriteJson(commit, result);
    }),
});
