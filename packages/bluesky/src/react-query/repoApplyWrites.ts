import { repoApplyWrites } from "../funcs/repoApplyWrites.js";
import { type MutationVariables, mutationHooks } from "./_mutation.js";
import type { OpData } from "./_types.js";

const hooks = /* @__PURE__ */ mutationHooks(repoApplyWrites, "repo", "applyWrites");

/** Applies creates, updates and deletes in one commit: `mutate({ request, options })` runs `repoApplyWrites`. */
export const useRepoApplyWritesMutation = hooks.use;
/** The mutation key, `["bluesky", "repo", "applyWrites"]`. */
export const mutationKeyRepoApplyWrites = hooks.key;
/** The `useMutation` options for applyWrites, built without React. */
export const buildRepoApplyWritesMutation = hooks.build;

export type RepoApplyWritesMutationVariables = MutationVariables<typeof repoApplyWrites>;
export type RepoApplyWritesMutationData = OpData<typeof repoApplyWrites>;
