import { describeServerBody } from "@putrecord/pds/api/com/atproto/server/describeServer.js";
import { defineEntrywayRoute } from "./route.js";

/** `com.atproto.server.describeServer`: the entryway's DID, handle domains and sign-up rules. */
export const describeServer = defineEntrywayRoute({
  nsid: "com.atproto.server.describeServer",
  type: "query",
  handler: ({ ctx }) => ({ encoding: "application/json", body: describeServerBody(ctx.config) }),
});
