#!/usr/bin/env node
import { parseCli, USAGE } from "./cli.js";
import { ConfigError } from "./config.js";
import { devBanner, ensureDevAccount } from "./dev-account.js";
import { installProcessHandlers } from "./logging.js";
import { startPds } from "./pds.js";

// `npm start`: configuration from flags and env, checked before anything is opened; a bad setting
// prints what is wrong and exits 1.
async function main(): Promise<void> {
  const input = parseCli(process.argv.slice(2), process.env);
  if (input === null) {
    process.stdout.write(USAGE);
    return;
  }
  const pds = await startPds(input);
  installProcessHandlers(pds.ctx.logger);
  const { config } = pds.ctx;
  const url = config.devMode ? `http://localhost:${new URL(pds.url).port}` : config.publicUrl;
  if (config.devMode) {
    const dev = await ensureDevAccount(pds.ctx);
    process.stdout.write(devBanner(url, dev, config.dataDirectory));
  } else {
    process.stdout.write(
      `PDS running at ${config.publicUrl} (listening on ${pds.url}; data in ${config.dataDirectory})\n`,
    );
  }
  const stop = (signal: string) => {
    pds.ctx.logger.info({ signal }, "shutting down");
    pds.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`pds: configuration error: ${err.message}\n`);
  } else if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
    process.stderr.write(
      `pds: the port is already in use (${(err as Error).message}); set PDS_PORT or --port\n`,
    );
  } else {
    process.stderr.write(`pds: failed to start: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
});
