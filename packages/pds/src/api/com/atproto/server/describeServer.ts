import { defineRoute } from "../../../../xrpc/route.js";

/** `com.atproto.server.describeServer`: the service DID, handle domains and sign-up rules. */
export const describeServer = defineRoute({
  nsid: "com.atproto.server.describeServer",
  type: "query",
  handler: ({ ctx }) => ({
    encoding: "application/json",
    body: {
      did: ctx.config.serviceDid,
      availableUserDomains: ctx.config.handleDomains,
      inviteCodeRequired: ctx.config.inviteRequired,
      phoneVerificationRequired: false,
      links: {},
      contact: {},
    },
  }),
});
