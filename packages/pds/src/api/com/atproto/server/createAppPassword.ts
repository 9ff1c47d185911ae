import { refuseOAuth } from "../../../../auth/permissions.js";
import { accessFull } from "../../../../auth/verifier.js";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { mapAccountErrors } from "../../../account-errors.js";
import { objectInput, optionalBoolean, requiredString } from "../../../input.js";

/** Longest app-password name accepted. */
export const APP_PASSWORD_NAME_MAX = 64;

/** `com.atproto.server.createAppPassword`: a revocable password with a limited scope (full sessions only). */
export const createAppPassword = defineRoute({
  nsid: "com.atproto.server.createAppPassword",
  type: "procedure",
  auth: refuseOAuth(accessFull),
  input: "json",
  parseInput: (body) => {
    const input = objectInput(body);
    const name = requiredString(input, "name").trim();
    if (name.length === 0 || name.length > APP_PASSWORD_NAME_MAX) {
      throw new InvalidRequestError(`App password names are 1 to ${APP_PASSWORD_NAME_MAX} characters`);
    }
    return { name, privileged: optionalBoolean(input, "privileged") ?? false };
  },
  handler: async ({ ctx, auth, input }) => {
    const created = await mapAccountErrors(() =>
      ctx.accounts.appPasswords.create(auth.did, input.name, input.privileged),
    );
    return { encoding: "application/json", body: created };
  },
});
