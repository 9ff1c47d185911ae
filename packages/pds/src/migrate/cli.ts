import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { MigrationCallError } from "./client.js";
import { migrateAccount } from "./migrate.js";

/** `--help` text. */
export const MIGRATE_USAGE = `Usage: pds-migrate --from <url> --identifier <handle|did> --to <url> --handle <handle> --email <email>
                   [--invite-code <code>]

Moves an account from the server at --from to the server at --to (atproto.com/guides/account-migration):
opens it there for the same DID, copies the repo, blobs and preferences, has the old server sign the
identity change (it emails a code, asked for here) and the new one submit it, then activates the
account there and deactivates it on the old server. Run it again if a step fails: every step may
be repeated.

  --from <url>          the account's current PDS (its DID document's #atproto_pds endpoint)
  --identifier <id>     the account's handle or DID there
  --to <url>            the new server (this PDS)
  --handle <handle>     the handle on the new server (one of its domains, or your own domain)
  --email <email>       the email for the new account
  --invite-code <code>  when the new server requires one
Passwords: PDS_MIGRATE_OLD_PASSWORD and PDS_MIGRATE_NEW_PASSWORD, else asked here.
`;

/** The options, checked; null for --help. Throws with the usage for a missing or unknown one. */
export function parseMigrateArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      from: { type: "string" },
      identifier: { type: "string" },
      to: { type: "string" },
      handle: { type: "string" },
      email: { type: "string" },
      "invite-code": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) return null;
  for (const name of ["from", "identifier", "to", "handle", "email"] as const) {
    if (!values[name]) throw new Error(`--${name} is required\n\n${MIGRATE_USAGE}`);
  }
  return values as Required<Pick<typeof values, "from" | "identifier" | "to" | "handle" | "email">> & {
    "invite-code"?: string;
  };
}

/** A failure that is no server's answer (a server unreachable, say): its message and its cause's. */
function describeFailure(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return `${err.message}${cause}`;
}

/** Prompts on stderr, reading lines from stdin; a secret's answer is not echoed. */
function terminal() {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY === true });
  return {
    ask: (question: string) => rl.question(question),
    async secret(question: string): Promise<string> {
      process.stderr.write(question);
      muted = true;
      try {
        return await rl.question("");
      } finally {
        muted = false;
        process.stderr.write("\n");
      }
    },
    close: () => rl.close(),
  };
}

/** `pds-migrate`: parses the options, asks what is missing, runs the migration; the exit code says how it went. */
export async function runMigrateCli(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let args: ReturnType<typeof parseMigrateArgs>;
  try {
    args = parseMigrateArgs(argv);
  } catch (err) {
    process.stderr.write(`pds-migrate: ${(err as Error).message}\n`);
    return 1;
  }
  if (args === null) {
    process.stdout.write(MIGRATE_USAGE);
    return 0;
  }
  const io = terminal();
  try {
    const oldPassword = env.PDS_MIGRATE_OLD_PASSWORD || (await io.secret(`Password on ${args.from}: `));
    const newPassword =
      env.PDS_MIGRATE_NEW_PASSWORD || (await io.secret(`Password for the new account on ${args.to}: `));
    const report = await migrateAccount(
      { url: args.from, identifier: args.identifier, password: oldPassword },
      {
        url: args.to,
        handle: args.handle,
        email: args.email,
        password: newPassword,
        inviteCode: args["invite-code"],
      },
      {
        plcToken: () => io.ask("The code the old server emailed you: "),
        log: (line) => process.stderr.write(`${line}\n`),
      },
    );
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  } catch (err) {
    const message = err instanceof MigrationCallError ? err.message : describeFailure(err);
    process.stderr.write(
      `pds-migrate: ${message}\n(every step may be repeated: run the same command again)\n`,
    );
    return 1;
  } finally {
    io.close();
  }
}
