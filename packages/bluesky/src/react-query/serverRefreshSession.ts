import { serverRefreshSession } from "../funcs/serverRefreshSession.js";
import { type MutationVariables, mutationHooks } from "./_mutation.js";
import type { OpData } from "./_types.js";

const hooks = /* @__PURE__ */ mutationHooks(serverRefreshSession, "server", "refreshSession");

/** Trades the refresh token for new session tokens: `mutate({ request, options })` runs `serverRefreshSession`. */
export const useServerRefreshSessionMutation = hooks.use;
/** The mutation key, `["bluesky", "server", "refreshSession"]`. */
export const mutationKeyServerRefreshSession = hooks.key;
/** The `useMutation` options for refreshSession, built without React. */
export const buildServerRefreshSessionMutation = hooks.build;

export type ServerRefreshSessionMutationVariables = MutationVariables<typeof serverRefreshSession>;
export type ServerRefreshSessionMutationData = OpData<typeof serverRefreshSession>;
