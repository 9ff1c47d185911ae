import { repoPutRecord } from "../funcs/repoPutRecord.js";
import { type MutationVariables, mutationHooks } from "./_mutation.js";
import type { OpData } from "./_types.js";

const hooks = /* @__PURE__ */ mutationHooks(repoPutRecord, "repo", "putRecord");

/** Writes a record, creating or replacing it: `mutate({ request, options })` runs `repoPutRecord`. */
export const useRepoPutRecordMutation = hooks.use;
/** The mutation key, `["bluesky", "repo", "putRecord"]`. */
export const mutationKeyRepoPutRecord = hooks.key;
/** The `useMutation` options for putRecord, built without React. */
export const buildRepoPutRecordMutation = hooks.build;

export type RepoPutRecordMutationVariables = MutationVariables<typeof repoPutRecord>;
export type RepoPutRecordMutationData = OpData<typeof repoPutRecord>;
