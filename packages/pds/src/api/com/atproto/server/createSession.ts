import type { Account } from "../../../../account/manager.js";
import { MAX_PASSWORD_LENGTH, verifyPassword } from "../../../../account/passwords.js";
import { issueSession, sessionOutput } from "../../../../account/session.js";
import {
  SCOPE_ACCESS,
  SCOPE_APP_PASS,
  SCOPE_APP_PASS_PRIVILEGED,
  SCOPE_TAKENDOWN,
} from "../../../../auth/scopes.js";
import { withMinimumDuration } from "../../../../auth/timing.js";
import type { AppContext } from "../../../../context.js";
import { clientIp, consumeLoginAttempt } from "../../../../rate-limit.js";
import { AuthRequiredError, InvalidRequestError } from "../../../../xrpc/errors.js";
import { defineRoute } from "../../../../xrpc/route.js";
import { objectInput, optionalBoolean, requiredString } from "../../../input.js";
import { sessionDidDoc } from "../../../session-did-doc.js";

/**
 * The longest identifier that can name an account: a DID (at most 2 KB; handles and emails are at most
 * 253 and 254 characters). Longer ones are refused before they reach a lookup or a rate-limit key.
 */
export const MAX_IDENTIFIER_LENGTH = 2048;

/** `com.atproto.server.createSession`: log in with the account password or an app password. */
export const createSession = defineRoute({
  nsid: "com.atproto.server.createSession",
  type: "procedure",
  input: "json",
  parseInput: (body) => {
    const input = objectInput(body);
    const identifier = requiredString(input, "identifier");
    if (identifier.length > MAX_IDENTIFIER_LENGTH) {
      throw new InvalidRequestError(
        `identifier must be a handle, email or DID of at most ${MAX_IDENTIFIER_LENGTH} characters`,
      );
    }
    return {
      identifier,
      password: requiredString(input, "password"),
      allowTakendown: optionalBoolean(input, "allowTakendown") ?? false,
    };
  },
  rateLimit: ({ ctx, input, req }) => consumeLoginAttempt(ctx, input.identifier, clientIp({ req })),
  handler: ({ ctx, input }) =>
    withMinimumDuration(ctx.config.loginDelayMs, async () => {
      const account = ctx.accounts.findByIdentifier(input.identifier);
      // One answer for an unknown identifier and a wrong password, so neither can be probed.
      const credential = account ? await checkPassword(ctx, account, input.password) : null;
      if (!account || !credential) throw new AuthRequiredError("Invalid identifier or password");
      if (account.takedownRef !== null) {
        if (!input.allowTakendown)
          throw new AuthRequiredError("Account has been taken down", "AccountTakedown");
        const tokens = issueSession(ctx, account.did, SCOPE_TAKENDOWN, { store: false });
        const didDoc = await sessionDidDoc(ctx, account.did);
        return { encoding: "application/json", body: { ...sessionOutput(account, tokens), didDoc } };
      }
      const tokens = issueSession(ctx, account.did, credential.scope, {
        appPasswordName: credential.appPassword,
      });
      const didDoc = await sessionDidDoc(ctx, account.did);
      return { encoding: "application/json", body: { ...sessionOutput(account, tokens), didDoc } };
    }),
});

/** The account password first, then its app passwords (never for a taken-down account). */
async function checkPassword(
  ctx: AppContext,
  account: Account,
  password: string,
): Promise<{ scope: string; appPassword: string | null } | null> {
  if (password.length > MAX_PASSWORD_LENGTH) return null;
  const hash = ctx.accounts.passwordHash(account.did);
  if (hash && (await verifyPassword(password, hash))) return { scope: SCOPE_ACCESS, appPassword: null };
  if (account.takedownRef !== null) return null;
  const app = await ctx.accounts.appPasswords.match(account.did, password);
  if (!app) return null;
  return { scope: app.privileged ? SCOPE_APP_PASS_PRIVILEGED : SCOPE_APP_PASS, appPassword: app.name };
}
