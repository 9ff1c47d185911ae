import { MAX_PASSWORD_LENGTH, verifyPassword } from "@putrecord/pds/account/passwords.js";
import { createSession as pdsCreateSession } from "@putrecord/pds/api/com/atproto/server/createSession.js";
import {
  SCOPE_ACCESS,
  SCOPE_APP_PASS,
  SCOPE_APP_PASS_PRIVILEGED,
  SCOPE_TAKENDOWN,
} from "@putrecord/pds/auth/scopes.js";
import { withMinimumDuration } from "@putrecord/pds/auth/timing.js";
import { clientIp, consumeLoginAttempt } from "@putrecord/pds/rate-limit.js";
import { AuthRequiredError } from "@putrecord/pds/xrpc/errors.js";
import type { EntrywayContext } from "../context.js";
import type { DirectoryAccount } from "../directory/accounts.js";
import { defineEntrywayRoute } from "./route.js";
import { accountStatus, issueSession, sessionOutput } from "./session.js";

/** `com.atproto.server.createSession` for every cell's accounts: the PDS's rules, the directory's data. */
export const createSession = defineEntrywayRoute({
  nsid: "com.atproto.server.createSession",
  type: "procedure",
  input: "json",
  parseInput: pdsCreateSession.parseInput,
  rateLimit: ({ ctx, input, req }) => consumeLoginAttempt(ctx, input.identifier, clientIp({ req })),
  handler: ({ ctx, input }) =>
    withMinimumDuration(ctx.config.loginDelayMs, async () => {
      const id = input.identifier.toLowerCase();
      const { accounts } = ctx.directory;
      const account = id.includes("@") ? await accounts.attemptByEmail(id) : await accounts.attempt(id);
      // One answer for an unknown identifier and a wrong password, so neither can be probed.
      const credential = account ? await checkPassword(ctx, account, input.password) : null;
      if (!account || !credential) throw new AuthRequiredError("Invalid identifier or password");
      const status = await accountStatus(ctx, account);
      if (status.status === "takendown") {
        if (!input.allowTakendown || credential.appPassword !== null) {
          throw new AuthRequiredError("Account has been taken down", "AccountTakedown");
        }
        const tokens = await issueSession(ctx, account, SCOPE_TAKENDOWN, { store: false });
        return { encoding: "application/json", body: sessionOutput(account, status, tokens) };
      }
      const tokens = await issueSession(ctx, account, credential.scope, {
        appPasswordName: credential.appPassword,
      });
      return { encoding: "application/json", body: sessionOutput(account, status, tokens) };
    }),
});

/** The account password first, then its app passwords. */
async function checkPassword(
  ctx: EntrywayContext,
  account: DirectoryAccount,
  password: string,
): Promise<{ scope: string; appPassword: string | null } | null> {
  if (password.length > MAX_PASSWORD_LENGTH) return null;
  const hash = await ctx.directory.accounts.passwordHash(account.did);
  if (hash && (await verifyPassword(password, hash))) return { scope: SCOPE_ACCESS, appPassword: null };
  const app = await ctx.directory.appPasswords.match(account.did, password);
  if (!app) return null;
  return { scope: app.privileged ? SCOPE_APP_PASS_PRIVILEGED : SCOPE_APP_PASS, appPassword: app.name };
}
