import { adminAuth } from "../../../../auth/verifier.js";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { objectInput } from "../../../input.js";

/** `com.atproto.server.createInviteCode` (admin Basic auth): a code good for `useCount` sign-ups. */
export const createInviteCode = defineRoute({
  nsid: "com.atproto.server.createInviteCode",
  type: "procedure",
  auth: adminAuth,
  input: "json",
  parseInput: (body) => {
    const { useCount } = objectInput(body);
    if (typeof useCount !== "number" || !Number.isInteger(useCount) || useCount < 1) {
      throw new InvalidRequestError("Input/useCount must be a positive integer");
    }
    return { useCount };
  },
  handler: ({ ctx, input }) => ({
    encoding: "application/json",
    body: { code: ctx.accounts.invites.create(ctx.config.hostname, input.useCount) },
  }),
});
