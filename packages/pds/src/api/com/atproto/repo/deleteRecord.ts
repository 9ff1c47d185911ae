import { resolveRepoForWrite } from "../../../../account/resolve-repo.js";
import { requireScope } from "../../../../auth/permissions.js";
import { cidField, expectObject, stringField } from "../../../../lexicon/input.js";
import { repoWriteLimit, WRITE_POINTS } from "../../../../rate-limit.js";
import { prepareDelete } from "../../../../repo/prepare.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { mapRepoErrors } from "../../../repo-errors.js";
import { commitJson, writeRouteBase } from "../../../repo-write.js";

function parseInput(body: unknown) {
  const obj = expectObject(body, "$");
  return {
    repo: stringField(obj, "repo", "at-identifier"),
    collection: stringField(obj, "collection", "nsid"),
    rkey: stringField(obj, "rkey", "record-key"),
    swapRecord: cidField(obj, "swapRecord"),
    swapCommit: cidField(obj, "swapCommit"),
  };
}

/** com.atproto.repo.deleteRecord: removes a record; deleting a missing record is a no-op (no commit). */
export const deleteRecord = defineRoute({
  ...writeRouteBase,
  nsid: "com.atproto.repo.deleteRecord",
  parseInput,
  rateLimit: repoWriteLimit(() => WRITE_POINTS.delete),
  handler: ({ input, auth, ctx }) =>
    mapRepoErrors(async () => {
      const { did } = resolveRepoForWrite(ctx, input.repo, auth);
      requireScope(auth, { repo: { collection: input.collection, action: "delete" } });
      const write = prepareDelete(input.collection, input.rkey, input.swapRecord);
      const { commit } = await ctx.repos.applyWrites(did, [write], input.swapCommit);
      return { encoding: "application/json", body: { commit: commitJson(commit) } };
    }),
});
