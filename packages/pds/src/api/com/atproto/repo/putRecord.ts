import { resolveRepoForWrite } from "../../../../account/resolve-repo.js";
import { requireScope } from "../../../../auth/permissions.js";
import {
  booleanField,
  cidField,
  expectObject,
  nullableCidField,
  recordField,
  stringField,
} from "../../../../lexicon/input.js";
import { repoWriteLimit, WRITE_POINTS } from "../../../../rate-limit.js";
import { upgradeLegacyProfileBlobs } from "../../../../repo/legacy-profile.js";
import { prepareRecordWrite } from "../../../../repo/prepare.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { mapRepoErrors } from "../../../repo-errors.js";
import { recordWriteJson, writeRouteBase } from "../../../repo-write.js";

function parseInput(body: unknown) {
  const obj = expectObject(body, "$");
  return {
    repo: stringField(obj, "repo", "at-identifier"),
    collection: stringField(obj, "collection", "nsid"),
    rkey: stringField(obj, "rkey", "record-key"),
    validate: booleanField(obj, "validate"),
    ...recordField(obj, "record"),
    swapRecord: nullableCidField(obj, "swapRecord"),
    swapCommit: cidField(obj, "swapCommit"),
  };
}

/**
 * com.atproto.repo.putRecord: creates or updates one record (pds-anchor §2). The router has done
 * auth, body limit, input syntax and rate limit; here: account and ownership, prepare, one commit.
 */
export const putRecord = defineRoute({
  ...writeRouteBase,
  nsid: "com.atproto.repo.putRecord",
  parseInput,
  rateLimit: repoWriteLimit(() => WRITE_POINTS.update),
  handler: ({ input, auth, ctx }) =>
    mapRepoErrors(async () => {
      const { did } = resolveRepoForWrite(ctx, input.repo, auth);
      // A put may create or update, so it needs both (the reference's rule), whatever the record holds.
      requireScope(auth, { repo: { collection: input.collection, action: "create" } });
      requireScope(auth, { repo: { collection: input.collection, action: "update" } });
      upgradeLegacyProfileBlobs(
        ctx.blobs.index,
        did,
        input.collection,
        input.record,
        input.json,
        () => ctx.repos.records.attemptCid(did, input.collection, input.rkey) !== null,
      );
      const write = prepareRecordWrite({ ...input, action: "put", swapCid: input.swapRecord });
      const { commit, result } = await ctx.repos.writeRecord(did, write, input.swapCommit);
      return recordWriteJson(commit, result);
    }),
});
