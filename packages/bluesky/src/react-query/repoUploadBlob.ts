import { repoUploadBlob } from "../funcs/repoUploadBlob.js";
import { type MutationVariables, mutationHooks } from "./_mutation.js";
import type { OpData } from "./_types.js";

const hooks = /* @__PURE__ */ mutationHooks(repoUploadBlob, "repo", "uploadBlob");

/** Uploads a blob for records to reference: `mutate({ request, options })` runs `repoUploadBlob`. */
export const useRepoUploadBlobMutation = hooks.use;
/** The mutation key, `["bluesky", "repo", "uploadBlob"]`. */
export const mutationKeyRepoUploadBlob = hooks.key;
/** The `useMutation` options for uploadBlob, built without React. */
export const buildRepoUploadBlobMutation = hooks.build;

export type RepoUploadBlobMutationVariables = MutationVariables<typeof repoUploadBlob>;
export type RepoUploadBlobMutationData = OpData<typeof repoUploadBlob>;
