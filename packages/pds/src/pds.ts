import type { DestinationStream } from "pino";
import { AccountManager } from "./account/manager.js";
import { repoSignerBackend } from "./account/repo-signer.js";
import { registerRoutes } from "./api/index.js";
import { SessionTokens } from "./auth/tokens.js";
import { Blobs } from "./blob/blobs.js";
import { type ConfigInput, resolveConfig } from "./config.js";
import type { AppContext } from "./context.js";
import { openDataDirectory } from "./data-directory.js";
import { Checkpointer } from "./db/checkpointer.js";
import { createIdentity } from "./identity/identity.js";
import { createLogger, type LogFormat } from "./logging.js";
import { Outbox } from "./mail/outbox.js";
import { createOAuthProvider } from "./oauth/provider.js";
import { registerOAuthRoutes } from "./oauth/routes.js";
import { RateLimiter } from "./rate-limit.js";
import { Crawlers } from "./relay/crawlers.js";
import { Sequencer } from "./sequencer/sequencer.js";
import { createHttpApp, type HttpApp, listen } from "./server.js";
import { serveStaticApp } from "./static.js";
import { RepoStore } from "./store/repo-store.js";
import { PreparePool } from "./write/prepare-pool.js";
import { WriteQueue } from "./write/queue.js";

export interface RunningPds {
  url: string;
  ctx: AppContext;
  /** The routing tables (tests add routes to them). */
  app: HttpApp;
  close(): Promise<void>;
}

/**
 * Checks the config, opens the data directory (locked to this process), registers every route and
 * listens; `close` stops both.
 */
export async function startPds(
  input: ConfigInput,
  opts: {
    logLevel?: string;
    logFormat?: LogFormat;
    logDestination?: DestinationStream;
    /** How OAuth client metadata is fetched (default: SSRF-safe; tests reach loopback fixtures). */
    oauthFetch?: typeof globalThis.fetch;
  } = {},
): Promise<RunningPds> {
  const config = resolveConfig(input);
  const logger = createLogger(
    opts.logLevel ?? process.env.LOG_LEVEL ?? "info",
    opts.logDestination,
    opts.logFormat,
  );
  const data = openDataDirectory(config, input, logger);
  const { db, secrets } = data;
  const checkpointer = new Checkpointer(db, (err) => logger.error({ err }, "checkpoint worker failed"));
  const sequencer = new Sequencer(db, {
    retentionMs: config.firehose.repoBackfillLimitMs,
    onError: (err) => logger.error({ err }, "pruning the event log failed"),
  });
  const blobs = new Blobs(db, config.blobstoreLocation);
  const { maxRepoExports: max, repoExportTimeoutMs: maxMs } = config.reads;
  const repos = new RepoStore(db, { max, maxMs });
  const accounts = new AccountManager(db);
  const rateLimiter = new RateLimiter(config.rateLimitsEnabled);
  const oauth = await createOAuthProvider({
    config,
    db,
    accounts,
    jwtSecret: secrets.jwtSecret,
    rateLimiter,
    safeFetch: opts.oauthFetch,
  });
  const ctx: AppContext = {
    config,
    db,
    logger,
    secrets,
    tokens: new SessionTokens(secrets.jwtSecret, config.serviceDid, config.entryway?.verifyKey),
    accounts,
    rateLimiter,
    sequencer,
    blobs,
    repos,
    prepare: new PreparePool(config.prepareThreads, () => ctx.writes.inFlight > 0),
    writes: new WriteQueue({
      db,
      store: repos,
      sequencer,
      blobs,
      signingKey: (did) => ctx.accounts.signingKey(did),
      onBackgroundError: (err) => ctx.logger.error({ err }, "background repo task failed"),
    }),
    identity: createIdentity(config, accounts),
    outbox: new Outbox(config.dataDirectory),
    oauth,
  };
  const crawlers = new Crawlers(config.hostname, config.network.crawlers, logger);
  const stopCrawling =
    config.network.crawlers.length > 0 ? sequencer.subscribe(() => crawlers.notifyOfUpdate()) : () => {};
  const stop = async () => {
    stopCrawling();
    await crawlers.close();
    await ctx.prepare.close();
    await ctx.writes.close();
    await sequencer.close();
    await checkpointer.close();
    data.release();
  };
  const app = createHttpApp(ctx);
  registerRoutes(app);
  registerOAuthRoutes(app, oauth, config, logger);
  serveStaticApp(app);
  let http: Awaited<ReturnType<typeof listen>>;
  try {
    http = await listen(app, config.bindHost, config.port, config.limits);
  } catch (err) {
    await stop();
    throw err;
  }
  // With port 0 in development the port is known only now, and DID documents must name a reachable one.
  if (config.devMode && config.port === 0) config.publicUrl = `http://localhost:${new URL(http.url).port}`;
  logger.info({ url: http.url, commitSigner: repoSignerBackend }, "listening");
  crawlers.notifyOfUpdate();
  return {
    url: http.url,
    ctx,
    app,
    close: async () => {
      await http.close();
      await stop();
    },
  };
}
