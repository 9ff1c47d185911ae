import { defineEntrywayRoute } from "./route.js";

/** `com.atproto.server.describeServer`: the entryway's DID, handle domains and sign-up rules. */
export const describeServer = defineEntrywayRoute({
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
