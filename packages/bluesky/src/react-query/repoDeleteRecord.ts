import { repoDeleteRecord } from "../funcs/repoDeleteRecord.js";
import { type MutationVariables, mutationHooks } from "./_mutation.js";
import type { OpData } from "./_types.js";

const hooks = /* @__PURE__ */ mutationHooks(repoDeleteRecord, "repo", "deleteRecord");

/** Deletes a record: `mutate({ request, options })` runs `repoDeleteRecord`. */
export const useRepoDeleteRecordMutation = hooks.use;
/** The mutation key, `["bluesky", "repo", "deleteRecord"]`. */
export const mutationKeyRepoDeleteRecord = hooks.key;
/** The `useMutation` options for deleteRecord, built without React. */
export const buildRepoDeleteRecordMutation = hooks.build;

export type RepoDeleteRecordMutationVariables = MutationVariables<typeof repoDeleteRecord>;
export type RepoDeleteRecordMutationData = OpData<typeof repoDeleteRecord>;
