import { serverCreateSession } from "../funcs/serverCreateSession.js";
import { type MutationVariables, mutationHooks } from "./_mutation.js";
import type { OpData } from "./_types.js";

const hooks = /* @__PURE__ */ mutationHooks(serverCreateSession, "server", "createSession");

/** Logs in and returns session tokens: `mutate({ request, options })` runs `serverCreateSession`. */
export const useServerCreateSessionMutation = hooks.use;
/** The mutation key, `["bluesky", "server", "createSession"]`. */
export const mutationKeyServerCreateSession = hooks.key;
/** The `useMutation` options for createSession, built without React. */
export const buildServerCreateSessionMutation = hooks.build;

export type ServerCreateSessionMutationVariables = MutationVariables<typeof serverCreateSession>;
export type ServerCreateSessionMutationData = OpData<typeof serverCreateSession>;
