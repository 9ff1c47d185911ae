import { repoCreateRecord } from "../funcs/repoCreateRecord.js";
import { type MutationVariables, mutationHooks } from "./_mutation.js";
import type { OpData } from "./_types.js";

const hooks = /* @__PURE__ */ mutationHooks(repoCreateRecord, "repo", "createRecord");

/** Creates a record under a new or given key: `mutate({ request, options })` runs `repoCreateRecord`. */
export const useRepoCreateRecordMutation = hooks.use;
/** The mutation key, `["bluesky", "repo", "createRecord"]`. */
export const mutationKeyRepoCreateRecord = hooks.key;
/** The `useMutation` options for createRecord, built without React. */
export const buildRepoCreateRecordMutation = hooks.build;

export type RepoCreateRecordMutationVariables = MutationVariables<typeof repoCreateRecord>;
export type RepoCreateRecordMutationData = OpData<typeof repoCreateRecord>;
