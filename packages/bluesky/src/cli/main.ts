#!/usr/bin/env node
// The `bluesky` command: log in once, then write and read records from a shell or a script.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { COMMANDS, type Command } from "./commands.js";
import { describeFailure, EXIT, UsageError } from "./errors.js";
import { version } from "./io.js";
import { isNamespace, operationCommand } from "./xrpc.js";

/** The streams and environment a run uses; tests pass their own. */
export type CliIO = {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
};

const HELP = `usage: bluesky <command> [flags]
       bluesky --version

commands:
${Object.values(COMMANDS)
  .map((c) => `  bluesky ${c.usage}`)
  .join("\n")}

  bluesky <namespace> <method> [--param VALUE ...] [--input FILE|-]   any XRPC operation, e.g. \`bluesky feed getTimeline --limit 10\`
  bluesky mcp start [--scope read|write] [--tool NAME ...] [--http [--port N]]   the MCP server (\`bluesky mcp start --help\`)

every command takes --service URL (default: BLUESKY_SERVER_URL, then the saved session's server) and --json (one line).
session file: $BLUESKY_SESSION_FILE, else $XDG_CONFIG_HOME/bluesky/session.json, else ~/.config/bluesky/session.json
exit codes: 0 ok, 1 the server answered with an error, 2 usage, 3 network, 4 integrity check failed
`;

/** Parses one subcommand's flags and arguments, turning parseArgs' TypeErrors into UsageErrors. */
function parseCommand(command: Command, argv: string[]) {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        ...command.options,
        service: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\nusage: bluesky ${command.usage}`);
  }
  if (!parsed.values.help && parsed.positionals.length !== command.args.length) {
    throw new UsageError(
      `expected ${command.args.length} argument(s), got ${parsed.positionals.length}\nusage: bluesky ${command.usage}`,
    );
  }
  return parsed;
}

/** `bluesky mcp <sub>`: loads the MCP server (and its SDK) only when asked for. */
async function mcpCommand(sub: string | undefined): Promise<Command> {
  if (sub !== "start")
    throw new UsageError(`unknown command: mcp ${sub ?? ""}\nusage: bluesky mcp start [flags]`);
  return (await import("./mcp.js")).mcpStart;
}

/** A binary response (getBlob, getRepo): its bytes go to stdout as they are. */
const isBinary = (v: unknown): v is { body: Uint8Array } =>
  typeof v === "object" && v !== null && (v as { body?: unknown }).body instanceof Uint8Array;

/** Runs one command line and returns the exit code; it never calls process.exit, so tests can call it. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? io.stderr : io.stdout).write(HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === "--version" || name === "-v" || name === "version") {
    io.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  try {
    // `bluesky <namespace> <method> --param value`: any operation of the generated table.
    const generic = !COMMANDS[name] && isNamespace(name);
    const command =
      name === "mcp" ? await mcpCommand(rest[0]) : generic ? operationCommand(name, rest[0]) : COMMANDS[name];
    if (!command) throw new UsageError(`unknown command: ${name}\n\n${HELP}`);
    const { values, positionals } = parseCommand(command, generic || name === "mcp" ? rest.slice(1) : rest);
    if (values.help) {
      io.stdout.write(`usage: bluesky ${command.usage}\n`);
      return EXIT.ok;
    }
    const output = await command.run({ ...io, flags: values, args: positionals });
    if (isBinary(output)) io.stdout.write(output.body);
    else if (output !== undefined) io.stdout.write(JSON.stringify(output, null, values.json ? 0 : 2) + "\n");
    return EXIT.ok;
  } catch (err) {
    const { code, message } = describeFailure(err);
    io.stderr.write(`bluesky: ${message}\n`);
    return code;
  }
}

// Run only as the program, not when a test imports `run`.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await run(process.argv.slice(2), process);
}
