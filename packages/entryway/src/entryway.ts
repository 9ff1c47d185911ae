import { mkdirSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { StartupError } from "@putrecord/pds/config.js";
import { createLogger, type LogFormat } from "@putrecord/pds/logging.js";
import { RateLimiter } from "@putrecord/pds/rate-limit.js";
import { createHttpApp, type HttpApp, listen } from "@putrecord/pds/server.js";
import { serveStaticApp } from "@putrecord/pds/static.js";
import { XRPCError } from "@putrecord/pds/xrpc/errors.js";
import type { DestinationStream } from "pino";
import { RETRY_AFTER_S, toEntrywayXrpcError } from "./api/errors.js";
import { health } from "./api/health.js";
import { entrywayRoutes } from "./api/index.js";
import { atprotoDid } from "./api/well-known.js";
import { EntrywayTokens } from "./auth/tokens.js";
import { CellClient } from "./cell-client.js";
import { type EntrywayInput, resolveEntrywayConfig } from "./config.js";
import type { EntrywayContext } from "./context.js";
import { migrate } from "./db/migrations.js";
import { connect } from "./db/sql.js";
import { Directory } from "./directory/index.js";
import type { Location } from "./directory/locator.js";
import { CopiedEvents } from "./firehose/copied.js";
import { startFirehose } from "./firehose/index.js";
import { MoveGate } from "./move/gate.js";
import { CellProxy } from "./proxy/forward.js";
import { readdressSession } from "./proxy/readdress.js";
import { requestTarget } from "./proxy/target.js";
import { loadEntrywaySecrets } from "./secrets.js";

export interface RunningEntryway {
  url: string;
  ctx: EntrywayContext;
  app: HttpApp<EntrywayContext>;
  close(): Promise<void>;
}

/**
 * Starts an entryway (docs/deployment.md): migrates the directory, registers the configured cells,
 * serves the entryway's own methods, passes every other XRPC call to the account's cell, and, with
 * NATS configured, serves the combined firehose (and feeds it, unless `fanIn` is off).
 */
export async function startEntryway(
  input: EntrywayInput,
  opts: { logLevel?: string; logFormat?: LogFormat; logDestination?: DestinationStream } = {},
): Promise<RunningEntryway> {
  const config = resolveEntrywayConfig(input);
  const logger = createLogger(
    opts.logLevel ?? process.env.LOG_LEVEL ?? "info",
    opts.logDestination,
    opts.logFormat,
  );
  mkdirSync(config.dataDirectory, { recursive: true, mode: 0o700 });
  const sql = connect(config.databaseUrl);
  const directory = new Directory(sql);
  let accounts: number;
  try {
    await migrate(sql);
    await directory.cells.register(config.cells);
    [{ count: accounts }] = (await sql`SELECT count(*)::int AS count FROM account`) as unknown as [
      { count: number },
    ];
  } catch (err) {
    await sql.end({ timeout: 1 });
    throw new StartupError(
      `the directory's PostgreSQL (ENTRYWAY_DATABASE_URL) failed: ${(err as Error).message}`,
    );
  }
  const secrets = loadEntrywaySecrets(config.dataDirectory, { accounts, adminPassword: input.adminPassword });
  const tokens = new EntrywayTokens(secrets.jwtSigningKey, secrets.refreshSecret, config.serviceDid);
  const ctx: EntrywayContext = {
    config,
    logger,
    secrets,
    rateLimiter: new RateLimiter(config.rateLimitsEnabled),
    sql,
    directory,
    tokens,
    cellClient: new CellClient(tokens),
    moves: new MoveGate(),
    copied: new CopiedEvents(config.natsUrl !== undefined && config.fanIn),
  };
  const proxy = new CellProxy(config.proxy);
  const app = createHttpApp(ctx);
  app.router.add(health, ...entrywayRoutes);
  app.router.fallback = async (req, res) => {
    const url = new URL(req.url ?? "/", "http://entryway");
    const target = await heldTarget(ctx, req, url.searchParams);
    // A call naming no account this directory knows is answered by a cell as a lone PDS would answer it.
    const cell = target?.cell ?? directory.cells.all()[0];
    if (cell === undefined) throw new XRPCError(503, "NoCellAvailable", "This entryway has no cells");
    if (target !== null) readdressSession(tokens, req, target.cell);
    const done = target === null ? () => {} : ctx.moves.enter(target.did);
    try {
      await proxy.forward(req, res, cell);
    } finally {
      done();
    }
  };
  app.paths.set("/.well-known/atproto-did", atprotoDid(ctx));
  serveStaticApp(app);
  const firehose = await startFirehose(ctx, app);
  const stop = async () => {
    await firehose.close();
    proxy.close();
    await sql.end({ timeout: 5 });
  };
  let http: Awaited<ReturnType<typeof listen>>;
  try {
    http = await listen(app, config.bindHost, config.port, config.limits);
  } catch (err) {
    await stop();
    throw err;
  }
  logger.info({ url: http.url, cells: directory.cells.all().length }, "entryway listening");
  return {
    url: http.url,
    ctx,
    app,
    close: async () => {
      // The firehose first: its subscribers' sockets would hold the HTTP server open.
      await firehose.close();
      await http.close();
      await stop();
    },
  };
}

/**
 * The request's account and cell; while the account is in the last phase of a move its requests wait
 * here (bounded: then 503 with Retry-After) and go to wherever it lives when the move ends.
 */
async function heldTarget(
  ctx: EntrywayContext,
  req: IncomingMessage,
  search: URLSearchParams,
): Promise<Location | null> {
  try {
    for (;;) {
      const target = await requestTarget(ctx.directory.locator, req, search);
      if (target === null || !ctx.moves.isHeld(target.did)) return target;
      if (!(await ctx.moves.wait(target.did))) {
        throw new XRPCError(503, "AccountMoving", "The account is moving to another cell; retry shortly", {
          "retry-after": String(RETRY_AFTER_S),
        });
      }
    }
  } catch (err) {
    throw toEntrywayXrpcError(err);
  }
}
