import { isValidHandle } from "@atproto/syntax";
import { parseDidKey } from "@putrecord/repo";
import { createAccount as create } from "../../../../account/create.js";
import { normalizeHandle } from "../../../../account/handles.js";
import { MAX_PASSWORD_LENGTH } from "../../../../account/passwords.js";
import { issueSession } from "../../../../account/session.js";
import { SCOPE_ACCESS } from "../../../../auth/scopes.js";
import type { AppContext } from "../../../../context.js";
import { InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { mapAccountErrors } from "../../../account-errors.js";
import { type JsonObject, objectInput, optionalString, requiredString } from "../../../input.js";

// Loose on purpose: no mail is sent, the address is only an identifier for login.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The request, checked: everything but the handle, which needs the server's domains. */
function parseInput(body: unknown) {
  const input: JsonObject = objectInput(body);
  if (input.did !== undefined || input.plcOp !== undefined) {
    throw new InvalidRequestError("Bringing an existing DID (account migration) is not supported here");
  }
  const handle = requiredString(input, "handle");
  // The lexicon's format check, before any rule of this server's (those answer InvalidHandle).
  if (!isValidHandle(handle)) throw new InvalidRequestError(`Invalid handle (got "${handle}") at $.handle`);
  const email = optionalString(input, "email");
  const password = optionalString(input, "password");
  if (email === undefined) throw new InvalidRequestError("Email is required");
  if (!EMAIL.test(email)) {
    throw new InvalidRequestError("This email address is not supported, please use a different email.");
  }
  if (password === undefined) throw new InvalidRequestError("Password is required");
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new InvalidRequestError(
      `Password too long: at most ${MAX_PASSWORD_LENGTH} characters`,
      "InvalidPassword",
    );
  }
  const recoveryKey = optionalString(input, "recoveryKey");
  if (recoveryKey !== undefined) {
    try {
      parseDidKey(recoveryKey);
    } catch {
      throw new InvalidRequestError("Input/recoveryKey must be a did:key");
    }
  }
  return { handle, email, password, recoveryKey, inviteCode: optionalString(input, "inviteCode") };
}

/** Takes one use of the invite code when the server requires one; returns how to give it back. */
function takeInvite(ctx: AppContext, code: string | undefined): () => void {
  if (!ctx.config.inviteRequired) return () => {};
  if (!ctx.accounts.invites.use(code)) {
    throw new InvalidRequestError("Provided invite code not available", "InvalidInviteCode");
  }
  return () => ctx.accounts.invites.refund(code!);
}

/** `com.atproto.server.createAccount`: a new account with a did:plc, its repo, and a first session. */
export const createAccount = defineRoute({
  nsid: "com.atproto.server.createAccount",
  type: "procedure",
  input: "json",
  parseInput,
  handler: async ({ ctx, input }) => {
    const { email, password, recoveryKey } = input;
    const handle = await mapAccountErrors(() => normalizeHandle(input.handle, ctx.config.handleDomains));
    const refundInvite = takeInvite(ctx, input.inviteCode);
    let account: Awaited<ReturnType<typeof create>>;
    try {
      account = await mapAccountErrors(() => create(ctx, { handle, email, password, recoveryKey }));
    } catch (err) {
      refundInvite();
      throw err;
    }
    const tokens = issueSession(ctx, account.did, SCOPE_ACCESS);
    return { encoding: "application/json", body: { handle: account.handle, did: account.did, ...tokens } };
  },
});
