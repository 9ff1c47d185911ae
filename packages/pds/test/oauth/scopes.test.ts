// The scope table (scope-cases.ts) against our PDS; scopes-reference.test.ts runs it against the reference.

import { startOAuthPds } from "./_oauth.js";
import { runScopeCases } from "./scope-cases.js";

runScopeCases("ours", (appView) =>
  startOAuthPds(undefined, { network: { appViewUrl: appView.url, appViewDid: appView.did } }),
);
