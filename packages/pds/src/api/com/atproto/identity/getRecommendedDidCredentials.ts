import { accessStandard } from "../../../../auth/verifier.js";
import { defineRoute } from "../../../../xrpc/route.js";

/**
 * `com.atproto.identity.getRecommendedDidCredentials`: what the account's DID document should say for
 * this server to host it (an account moving in asks, then has its old server sign it).
 */
export const getRecommendedDidCredentials = defineRoute({
  nsid: "com.atproto.identity.getRecommendedDidCredentials",
  type: "query",
  auth: accessStandard,
  handler: ({ ctx, auth }) => {
    const account = ctx.accounts.getAccount(auth.did);
    return {
      encoding: "application/json",
      body: {
        alsoKnownAs: account ? [`at://${account.handle}`] : undefined,
        verificationMethods: { atproto: ctx.accounts.signingKey(auth.did).did() },
        rotationKeys: [ctx.secrets.plcRotationKey.did()],
        services: { atproto_pds: { type: "AtprotoPersonalDataServer", endpoint: ctx.config.publicUrl } },
      },
    };
  },
});
