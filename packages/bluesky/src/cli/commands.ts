import { rm } from "node:fs/promises";
import type { ParseArgsConfig } from "node:util";
import { BlueskyCore } from "../core.js";
import { repoGetRecord } from "../funcs/repoGetRecord.js";
import { repoListRecords } from "../funcs/repoListRecords.js";
import { repoPutRecord } from "../funcs/repoPutRecord.js";
import { repoGetRecordVerified, repoPutRecordVerified } from "../integrity.js";
import { DEFAULT_SERVER_URL, type SDKOptions } from "../lib/config.js";
import { login, resumeSession } from "../lib/session.js";
import type { SessionData } from "../models/components/session.js";
import { unwrap } from "../types/fp.js";
import { UsageError } from "./errors.js";
import { promptPassword, readRecord } from "./io.js";
import { attemptReadSession, readSession, type StoredSession, saveSession, sessionPath } from "./session.js";

/** What a command sees: its parsed flags and arguments, the environment and the three streams. */
export type CommandContext = {
  flags: Record<string, string | boolean | (string | boolean)[] | undefined>;
  args: string[];
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
};

/** One subcommand: how it is called, its flags, and what it prints (JSON) when it succeeds. */
export type Command = {
  usage: string;
  args: string[];
  options: NonNullable<ParseArgsConfig["options"]>;
  run(ctx: CommandContext): Promise<unknown>;
};

/** A flag's value when it is a string. */
export const str = (v: CommandContext["flags"][string]) => (typeof v === "string" ? v : undefined);
/** The server: `--service`, else BLUESKY_SERVER_URL, else the saved session's, else the default. */
export const serviceOf = (ctx: CommandContext, session?: StoredSession | null) =>
  str(ctx.flags.service) ?? ctx.env.BLUESKY_SERVER_URL ?? session?.service ?? DEFAULT_SERVER_URL;

/**
 * A client for the saved session. The SDK refreshes an expired access token on its own; each new pair of
 * tokens is saved, since the server has already spent the old refresh token.
 */
export function sessionClient(
  ctx: CommandContext,
  session: StoredSession,
  options: SDKOptions = {},
): BlueskyCore {
  const client = new BlueskyCore({ ...options, serverURL: serviceOf(ctx, session) });
  const path = sessionPath(ctx.env);
  resumeSession(client, session, (fresh) => saveSession(path, { ...fresh, service: session.service }));
  return client;
}

/** Writes need the session. */
async function writeClient(ctx: CommandContext): Promise<BlueskyCore> {
  return sessionClient(ctx, await readSession(sessionPath(ctx.env)));
}

/** Reads need no session, but use one when it exists (for its server and for records behind auth). */
export async function readClient(ctx: CommandContext): Promise<BlueskyCore> {
  const session = await attemptReadSession(sessionPath(ctx.env));
  return session ? sessionClient(ctx, session) : new BlueskyCore({ serverURL: serviceOf(ctx) });
}

const loginCommand: Command = {
  usage: "login [--service URL] [--identifier HANDLE|EMAIL] [--password PASSWORD]",
  args: [],
  options: { identifier: { type: "string" }, password: { type: "string" } },
  async run(ctx) {
    const service = serviceOf(ctx);
    const identifier = str(ctx.flags.identifier) ?? ctx.env.BLUESKY_IDENTIFIER;
    if (!identifier) throw new UsageError("login needs --identifier (or BLUESKY_IDENTIFIER)");
    const password =
      str(ctx.flags.password) ?? ctx.env.BLUESKY_PASSWORD ?? (await promptPassword(ctx.stdin, ctx.stderr));
    const path = sessionPath(ctx.env);
    const onUpdate = (data: SessionData) => saveSession(path, { ...data, service });
    const { data } = unwrap(
      await login(new BlueskyCore({ serverURL: service }), { identifier, password }, { onUpdate }),
    );
    return { did: data.did, handle: data.handle, service, sessionFile: path };
  },
};

const logoutCommand: Command = {
  usage: "logout",
  args: [],
  options: {},
  async run(ctx) {
    const path = sessionPath(ctx.env);
    const session = await readSession(path);
    // The file goes whatever the server says: after logout no command may use these tokens.
    await rm(path, { force: true });
    const revoked = await resumeSession(
      new BlueskyCore({ serverURL: serviceOf(ctx, session) }),
      session,
    ).logout();
    if (!revoked.ok) {
      ctx.stderr.write(`bluesky: the server did not revoke the session: ${revoked.error.message}\n`);
    }
    return { did: session.did, handle: session.handle, revoked: revoked.ok, sessionFile: path };
  },
};

const putRecord: Command = {
  usage:
    "put-record <repo> <collection> <rkey> --record FILE|- [--swap-record CID] [--swap-commit CID] [--no-validate] [--verify]",
  args: ["repo", "collection", "rkey"],
  options: {
    record: { type: "string" },
    "swap-record": { type: "string" },
    "swap-commit": { type: "string" },
    "no-validate": { type: "boolean" },
    verify: { type: "boolean" },
  },
  async run(ctx) {
    const source = str(ctx.flags.record);
    if (!source) throw new UsageError("put-record needs --record FILE (or - for stdin)");
    const [repo, collection, rkey] = ctx.args as [string, string, string];
    const request = {
      repo,
      collection,
      rkey,
      record: await readRecord(source, ctx.stdin),
      ...(ctx.flags["swap-record"] !== undefined && { swapRecord: str(ctx.flags["swap-record"]) }),
      ...(ctx.flags["swap-commit"] !== undefined && { swapCommit: str(ctx.flags["swap-commit"]) }),
      ...(ctx.flags["no-validate"] === true && { validate: false }),
    };
    const fn = ctx.flags.verify ? repoPutRecordVerified : repoPutRecord;
    return unwrap(await fn(await writeClient(ctx), request));
  },
};

const getRecord: Command = {
  usage: "get-record <repo> <collection> <rkey> [--cid CID] [--verify]",
  args: ["repo", "collection", "rkey"],
  options: { cid: { type: "string" }, verify: { type: "boolean" } },
  async run(ctx) {
    const [repo, collection, rkey] = ctx.args as [string, string, string];
    const cid = str(ctx.flags.cid);
    const fn = ctx.flags.verify ? repoGetRecordVerified : repoGetRecord;
    return unwrap(await fn(await readClient(ctx), { repo, collection, rkey, ...(cid && { cid }) }));
  },
};

const listRecords: Command = {
  usage: "list-records <repo> <collection> [--limit N] [--cursor CURSOR] [--reverse]",
  args: ["repo", "collection"],
  options: { limit: { type: "string" }, cursor: { type: "string" }, reverse: { type: "boolean" } },
  async run(ctx) {
    const [repo, collection] = ctx.args as [string, string];
    const limit = str(ctx.flags.limit);
    if (limit !== undefined && !/^\d+$/.test(limit))
      throw new UsageError(`--limit must be a whole number; got ${limit}`);
    const cursor = str(ctx.flags.cursor);
    const request = {
      repo,
      collection,
      ...(limit !== undefined && { limit: Number(limit) }),
      ...(cursor !== undefined && { cursor }),
      ...(ctx.flags.reverse === true && { reverse: true }),
    };
    return unwrap(await repoListRecords(await readClient(ctx), request));
  },
};

/** Every subcommand by name. */
export const COMMANDS: Record<string, Command> = {
  login: loginCommand,
  logout: logoutCommand,
  "put-record": putRecord,
  "get-record": getRecord,
  "list-records": listRecords,
};
