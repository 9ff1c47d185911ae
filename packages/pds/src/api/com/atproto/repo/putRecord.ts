import { requireScope } from "../../../../auth/permissions.js";
import { repoWriteLimit, WRITE_POINTS } from "../../../../rate-limit.js";
import { upgradeLegacyProfileBlobs } from "../../../../write/legacy-profile.js";
import type { RecordWriteResult } from "../../../../write/types.js";
import { defineRoute } from "../../../../xrpc/route.js";
import {
  booleanField,
  cidField,
  expectObject,
  nullableCidField,
  recordField,
  stringField,
} from "../../../input.js";
import { recordWriteJson, resolveRepoForWrite, writeRouteBase } from "../../../repo-write.js";

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
  handler: async ({ input, auth, ctx }) => {
    const { did } = resolveRepoForWrite(ctx, input.repo, auth);
    // A put may create or update, so it needs both (the reference's rule), whatever the record holds.
    requireScope(auth, { repo: { collection: input.collection, action: "create" } });
    requireScope(auth, { repo: { collection: input.collection, action: "update" } });
    const { collection, rkey } = input;
    const isUpdate = () => ctx.repos.records.attemptCid(did, collection, rkey) !== null;
    const record = upgradeLegacyProfileBlobs(ctx.blobs.index, did, collection, input, isUpdate);
    const [write] = await ctx.prepare.records([
      { ...input, ...record, action: "put", swapCid: input.swapRecord },
    ]);
    const { commit, results } = await ctx.writes.submit(did, {
      writes: [write],
      swapCommit: input.swapCommit,
    });
    return recordWriteJson(commit, results[0] as RecordWriteResult);
  },
});
