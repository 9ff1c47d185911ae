import { createAccount as create } from "../../../../account/create.js";
import { normalizeHandle } from "../../../../account/handles.js";
import { MAX_PASSWORD_LENGTH } from "../../../../account/passwords.js";
import { issueSession } from "../../../../account/session.js";
import { SCOPE_ACCESS } from "../../../../auth/scopes.js";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { mapAccountErrors } from "../../../account-errors.js";
import { objectInput, optionalString, requiredString } from "../../../input.js";

// Loose on purpose: no mail is sent, the address is only an identifier for login.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `com.atproto.server.createAccount`: a new account with a did:plc, its repo, and a first session. */
export const createAccount = defineRoute({
  nsid: "com.atproto.server.createAccount",
  type: "procedure",
  input: "json",
  parseInput: (body) => {
    const input = objectInput(body);
    return {
      handle: requiredString(input, "handle"),
      email: optionalString(input, "email"),
      password: optionalString(input, "password"),
      inviteCode: optionalString(input, "inviteCode"),
      recoveryKey: optionalString(input, "recoveryKey"),
      did: optionalString(input, "did"),
      plcOp: input.plcOp,
    };
  },
  handler: async ({ ctx, input }) => {
    if (input.did !== undefined || input.plcOp !== undefined) {
      throw new InvalidRequestError("Bringing an existing DID (account migration) is not supported here");
    }
    if (input.email === undefined) throw new InvalidRequestError("Email is required");
    if (!EMAIL.test(input.email))
      throw new InvalidRequestError("This email address is not supported, please use a different email.");
    if (input.password === undefined) throw new InvalidRequestError("Password is required");
    if (input.password.length > MAX_PASSWORD_LENGTH) {
      throw new InvalidRequestError(
        `Password too long: at most ${MAX_PASSWORD_LENGTH} characters`,
        "InvalidPassword",
      );
    }
    const { email, password, recoveryKey, inviteCode } = input;
    const handle = await mapAccountErrors(() => normalizeHandle(input.handle, ctx.config.handleDomains));
    if (ctx.config.inviteRequired && !ctx.accounts.invites.use(inviteCode)) {
      throw new InvalidRequestError("Provided invite code not available", "InvalidInviteCode");
    }
    const account = await mapAccountErrors(() => create(ctx, { handle, email, password, recoveryKey })).catch(
      (err: unknown) => {
        if (ctx.config.inviteRequired && inviteCode !== undefined) ctx.accounts.invites.refund(inviteCode);
        throw err;
      },
    );
    const tokens = issueSession(ctx, account.did, SCOPE_ACCESS);
    return { encoding: "application/json", body: { handle: account.handle, did: account.did, ...tokens } };
  },
});
