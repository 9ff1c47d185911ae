// `bluesky mcp start`: the MCP server, signed in as an account. Loaded only for this command, so the other
// commands never load the MCP SDK. Credentials come as for `bluesky login` (flags, else
// BLUESKY_IDENTIFIER and BLUESKY_PASSWORD), else from the session `bluesky login` saved; the SDK's session
// then refreshes itself and sends calls to the account's PDS. stdout carries the protocol and nothing
// else; everything the server says goes to stderr, never a password or token.

import { Console } from "node:console";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Readable, Writable } from "node:stream";
import { StdioServerTransport, serveStdio } from "@modelcontextprotocol/server/stdio";
import { BlueskyCore } from "../core.js";
import type { SDKOptions } from "../lib/config.js";
import { readEnv } from "../lib/env.js";
import { login } from "../lib/session.js";
import { selectTools, ToolSelectionError } from "../mcp/catalog.js";
import { serveHttp } from "../mcp/http.js";
import { CALL_TIMEOUT_MS, MAX_MESSAGE_BYTES, mcpServerFactory } from "../mcp/server.js";
import type { ToolScope } from "../mcp/tool.js";
import { unwrap } from "../types/fp.js";
import { lexiconValidator } from "../validation.js";
import { type Command, type CommandContext, serviceOf, sessionClient, str } from "./commands.js";
import { UsageError } from "./errors.js";
import { version } from "./io.js";
import { attemptReadSession, sessionPath } from "./session.js";

/** The port `--http` listens on unless `--port` says otherwise. */
export const DEFAULT_MCP_PORT = 2590;

/** The client the tools call through, and the account it acts as (none: read tools only). */
type Account = { client: BlueskyCore; did?: string; handle?: string };

const list = (v: CommandContext["flags"][string]) => (Array.isArray(v) ? v.map(String) : []);

/** Signs in with the identifier and app password given, else resumes `bluesky login`'s session, else none. */
async function signIn(ctx: CommandContext, options: SDKOptions): Promise<Account> {
  const identifier = str(ctx.flags.identifier) ?? ctx.env.BLUESKY_IDENTIFIER;
  const password = str(ctx.flags.password) ?? ctx.env.BLUESKY_PASSWORD;
  if (identifier && password) {
    const client = new BlueskyCore({ ...options, serverURL: serviceOf(ctx) });
    const { data } = unwrap(await login(client, { identifier, password }));
    return { client, did: data.did, handle: data.handle };
  }
  if (identifier || password) {
    throw new UsageError(
      "signing in needs both --identifier and --password (or BLUESKY_IDENTIFIER and BLUESKY_PASSWORD)",
    );
  }
  const saved = await attemptReadSession(sessionPath(ctx.env));
  if (saved) return { client: sessionClient(ctx, saved, options), did: saved.did, handle: saved.handle };
  return { client: new BlueskyCore({ ...options, serverURL: serviceOf(ctx) }) };
}

function scopeOf(ctx: CommandContext, account: Account): ToolScope {
  const scope = str(ctx.flags.scope) ?? (account.did ? "write" : "read");
  if (scope !== "read" && scope !== "write")
    throw new UsageError(`--scope must be read or write; got ${scope}`);
  if (scope === "write" && !account.did) {
    throw new UsageError(
      "--scope write needs an account: give --identifier and --password, or run `bluesky login`",
    );
  }
  return scope;
}

async function filesOf(ctx: CommandContext): Promise<string | undefined> {
  const dir = str(ctx.flags.files);
  if (dir === undefined) return undefined;
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`--files must be a directory; got ${dir}`);
  return resolve(dir);
}

function portOf(ctx: CommandContext): number {
  const port = str(ctx.flags.port);
  if (port === undefined) return DEFAULT_MCP_PORT;
  if (!/^\d+$/.test(port) || Number(port) > 65535)
    throw new UsageError(`--port must be 0-65535; got ${port}`);
  return Number(port);
}

/** Resolves when the server should stop: a signal, or (stdio) the client closing stdin. */
function stopped(stdin?: NodeJS.ReadableStream): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      done();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    stdin?.once("end", stop);
    stdin?.once("close", stop);
  });
}

/** `bluesky mcp start`. */
export const mcpStart: Command = {
  usage:
    "mcp start [--identifier HANDLE --password APP_PASSWORD] [--scope read|write] [--tool NAME ...] [--files DIR] [--http [--port N] [--host ADDRESS] [--allowed-host NAME ...] [--allowed-origin NAME ...]]",
  args: [],
  options: {
    identifier: { type: "string" },
    password: { type: "string" },
    scope: { type: "string" },
    tool: { type: "string", multiple: true },
    files: { type: "string" },
    http: { type: "boolean" },
    port: { type: "string" },
    host: { type: "string" },
    "allowed-host": { type: "string", multiple: true },
    "allowed-origin": { type: "string", multiple: true },
  },
  async run(ctx) {
    const say = (line: string) => ctx.stderr.write(`bluesky-mcp: ${line}\n`);
    // The SDK's debug log goes to the console's stdout, which here is the protocol: send it to stderr.
    const debug = ctx.env.BLUESKY_DEBUG || readEnv("BLUESKY_DEBUG");
    const files = await filesOf(ctx);
    const account = await signIn(ctx, {
      validator: lexiconValidator,
      timeoutMs: CALL_TIMEOUT_MS,
      ...(debug && { debugLogger: new Console({ stdout: ctx.stderr, stderr: ctx.stderr }) }),
    });
    const scope = scopeOf(ctx, account);
    let tools: ReturnType<typeof selectTools>;
    try {
      tools = selectTools({ scope, tools: list(ctx.flags.tool) });
    } catch (error) {
      throw error instanceof ToolSelectionError ? new UsageError(error.message) : error;
    }
    const server = account.client._session?.serviceURL ?? account.client._baseURL;
    say(
      account.did
        ? `signed in as ${account.handle} (${account.did}); calls go to ${server}`
        : `not signed in; calls go to ${server} (give --identifier and --password, or run \`bluesky login\`, to write)`,
    );
    const factory = mcpServerFactory({
      tools,
      context: { client: account.client, ...(account.did && { did: account.did }), ...(files && { files }) },
      version: version(),
      ...(account.did && {
        instructions: `These tools act as the Bluesky account @${account.handle} (${account.did}). Write tools publish as that account.`,
      }),
      log: say,
    });
    const served = `${tools.length} tools (scope ${scope}${files ? `, files from ${files}` : ""})`;
    if (ctx.flags.http) {
      const http = await serveHttp(factory, {
        host: str(ctx.flags.host) ?? "127.0.0.1",
        port: portOf(ctx),
        allowedHosts: list(ctx.flags["allowed-host"]),
        allowedOrigins: list(ctx.flags["allowed-origin"]),
        ...(ctx.env.BLUESKY_MCP_TOKEN && { token: ctx.env.BLUESKY_MCP_TOKEN }),
      }).catch((error: Error) => {
        throw new UsageError(error.message);
      });
      say(`serving ${served} at ${http.url}${ctx.env.BLUESKY_MCP_TOKEN ? " (bearer token required)" : ""}`);
      await stopped();
      await http.close();
    } else {
      const transport = new StdioServerTransport(ctx.stdin as Readable, ctx.stdout as Writable, {
        maxBufferSize: MAX_MESSAGE_BYTES,
      });
      const handle = serveStdio(factory, { transport });
      say(`serving ${served} on stdio`);
      await stopped(ctx.stdin);
      await handle.close();
    }
    return undefined;
  },
};
