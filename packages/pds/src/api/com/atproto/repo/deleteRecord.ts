import { requireScope } from "../../../../auth/permissions.js";
import { repoWriteLimit, WRITE_POINTS } from "../../../../rate-limit.js";
import { prepareDelete } from "../../../../write/prepare.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { cidField, expectObject, stringField } from "../../../input.js";
import { commitJson, resolveRepoForWrite, writeRouteBase } from "../../../repo-write.js";

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
  handler: async ({ input, auth, ctx }) => {
    const { did } = resolveRepoForWrite(ctx, input.repo, auth);
    requireScope(auth, { repo: { collection: input.collection, action: "delete" } });
    const write = prepareDelete(input.collection, input.rkey, input.swapRecord);
    const { commit } = await ctx.writes.submit(did, { writes: [write], swapCommit: input.swapCommit });
    return { encoding: "application/json", body: { commit: commitJson(commit) } };
  },
});
