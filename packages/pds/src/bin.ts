#!/usr/bin/env node
import { ConfigError, StartupError } from "./config.js";
import { installProcessHandlers } from "./logging.js";
import { startFromCli } from "./start.js";

// `npm start`. A bad setting prints what is wrong and exits 1; once serving, errors that escape a
// request are logged and the server keeps running; SIGINT/SIGTERM close the store cleanly.
try {
  const pds = await startFromCli(process.argv.slice(2), process.env, (text) => process.stdout.write(text));
  if (pds) {
    installProcessHandlers(pds.ctx.logger);
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
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`pds: configuration error: ${err.message}\n`);
  } else if (err instanceof StartupError) {
    process.stderr.write(`pds: cannot start: ${err.message}\n`);
  } else if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
    process.stderr.write(
      `pds: the port is already in use (${(err as Error).message}); set PDS_PORT or --port\n`,
    );
  } else {
    process.stderr.write(`pds: failed to start: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
}
