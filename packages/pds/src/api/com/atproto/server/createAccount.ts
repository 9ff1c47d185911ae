import { isValidDid, isValidHandle } from "@atproto/syntax";
import { parseDidKey } from "@putrecord/repo";
import { createAccount as create } from "../../../../account/create.js";
import { MAX_PASSWORD_LENGTH } from "../../../../account/passwords.js";
import { issueSession } from "../../../../account/session.js";
import { SCOPE_ACCESS } from "../../../../auth/scopes.js";
import { optionalServiceAuth } from "../../../../auth/service-auth.js";
import type { AppContext } from "../../../../context.js";
import { AuthRequiredError, InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { mapAccountErrors } from "../../../account-errors.js";
import { checkHandle } from "../../../handle-check.js";
import { type JsonObject, objectInput, optionalString, requiredString } from "../../../input.js";
import { sessionDidDoc } from "../../../session-did-doc.js";

// Loose on purpose: no mail is sent, the address is only an identifier for login.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The request, checked: everything but the handle, which needs the server's domains. */
function parseInput(body: unknown) {
  const input: JsonObject = objectInput(body);
  if (input.plcOp !== undefined && input.plcOp !== null)
    throw new InvalidRequestError('Unsupported input: "plcOp"');
  const did = optionalString(input, "did");
  if (did !== undefined && !isValidDid(did))
    throw new InvalidRequestError(`Invalid DID (got "${did}") at $.did`);
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
  return { did, handle, email, password, recoveryKey, inviteCode: optionalString(input, "inviteCode") };
}

/** Takes one use of the invite code when the server requires one; returns how to give it back. */
function takeInvite(ctx: AppContext, code: string | undefined): () => void {
  if (!ctx.config.inviteRequired) return () => {};
  if (!ctx.accounts.invites.use(code)) {
    throw new InvalidRequestError("Provided invite code not available", "InvalidInviteCode");
  }
  return () => ctx.accounts.invites.refund(code!);
}

const NSID = "com.atproto.server.createAccount";

/**
 * `com.atproto.server.createAccount`: a new account with a new did:plc, its repo and a first session;
 * or, with `did` and a service token from the DID's current server (signed with its repo key, for this
 * server and this method), a deactivated account for that DID moving in (account migration).
 */
export const createAccount = defineRoute({
  nsid: NSID,
  type: "procedure",
  auth: optionalServiceAuth(NSID),
  input: "json",
  parseInput,
  handler: async ({ ctx, auth, input }) => {
    const { did, email, password, recoveryKey } = input;
    if (did !== undefined && auth?.did !== did) {
      throw new AuthRequiredError(`Missing auth to create account with did: ${did}`);
    }
    const handle = await checkHandle(ctx, input.handle, did);
    const refundInvite = takeInvite(ctx, input.inviteCode);
    let account: Awaited<ReturnType<typeof create>>;
    try {
      account = await mapAccountErrors(() => create(ctx, { did, handle, email, password, recoveryKey }));
    } catch (err) {
      refundInvite();
      throw err;
    }
    const tokens = issueSession(ctx, account.did, SCOPE_ACCESS);
    const didDoc = await sessionDidDoc(ctx, account.did, true);
    return {
      encoding: "application/json",
      body: { handle: account.handle, did: account.did, didDoc, ...tokens },
    };
  },
});
