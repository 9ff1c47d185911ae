import { serverCreateAccount } from "../funcs/serverCreateAccount.js";
import { type MutationVariables, mutationHooks } from "./_mutation.js";
import type { OpData } from "./_types.js";

const hooks = /* @__PURE__ */ mutationHooks(serverCreateAccount, "server", "createAccount");

/** Creates an account and its first session: `mutate({ request, options })` runs `serverCreateAccount`. */
export const useServerCreateAccountMutation = hooks.use;
/** The mutation key, `["bluesky", "server", "createAccount"]`. */
export const mutationKeyServerCreateAccount = hooks.key;
/** The `useMutation` options for createAccount, built without React. */
export const buildServerCreateAccountMutation = hooks.build;

export type ServerCreateAccountMutationVariables = MutationVariables<typeof serverCreateAccount>;
export type ServerCreateAccountMutationData = OpData<typeof serverCreateAccount>;
