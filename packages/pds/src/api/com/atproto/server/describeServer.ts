import type { ServerConfig } from "../../../../config.js";
import { defineRoute } from "../../../../xrpc/route.js";

/** The describeServer answer of a server with this config (an entryway describes itself the same way). */
export function describeServerBody(config: ServerConfig): Record<string, unknown> {
  return {
    did: config.serviceDid,
    availableUserDomains: config.handleDomains,
    inviteCodeRequired: config.inviteRequired,
    phoneVerificationRequired: false,
    links: {},
    contact: {},
  };
}

/** `com.atproto.server.describeServer`: the service DID, handle domains and sign-up rules. */
export const describeServer = defineRoute({
  nsid: "com.atproto.server.describeServer",
  type: "query",
  handler: ({ ctx }) => ({ encoding: "application/json", body: describeServerBody(ctx.config) }),
});
