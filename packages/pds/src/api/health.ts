import { defineRoute } from "../xrpc/route.js";

const VERSION = "0.1.0";

/** `GET /xrpc/_health`: answers while the server and its database are up. */
export const health = defineRoute({
  nsid: "_health",
  type: "query",
  handler: ({ ctx }) => {
    ctx.db.prepare("SELECT 1").get();
    return { encoding: "application/json", body: { version: VERSION } };
  },
});
