import { defineEntrywayRoute } from "./route.js";

/** `GET /xrpc/_health`: answers while the entryway and its directory are up (503 while PostgreSQL is not). */
export const health = defineEntrywayRoute({
  nsid: "_health",
  type: "query",
  handler: async ({ ctx }) => {
    await ctx.sql`SELECT 1`;
    return { encoding: "application/json", body: { version: "0.1.0" } };
  },
});
