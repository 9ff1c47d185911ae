#!/usr/bin/env node
import { ConfigError, StartupError } from "@putrecord/pds/config.js";
import { installProcessHandlers } from "@putrecord/pds/logging.js";
import { ENTRYWAY_USAGE, parseEntrywayCli } from "./cli.js";
import { startEntryway } from "./entryway.js";

// The entryway's process: a bad setting prints what is wrong and exits 1; SIGINT/SIGTERM close cleanly.
try {
  const input = parseEntrywayCli(process.argv.slice(2), process.env);
  if (input === null) {
    process.stdout.write(ENTRYWAY_USAGE);
  } else {
    const entryway = await startEntryway(input, { logLevel: process.env.LOG_LEVEL });
    installProcessHandlers(entryway.ctx.logger);
    process.stdout.write(
      `Entryway running at ${entryway.ctx.config.publicUrl} (listening on ${entryway.url})\n`,
    );
    const stop = () =>
      entryway.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  }
} catch (err) {
  const kind =
    err instanceof ConfigError
      ? "configuration error"
      : err instanceof StartupError
        ? "cannot start"
        : "failed to start";
  process.stderr.write(`entryway: ${kind}: ${(err as Error).message}\n`);
  process.exit(1);
}
