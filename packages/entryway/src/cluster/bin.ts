#!/usr/bin/env node
import { parseArgs } from "node:util";
import { DEFAULT_PORT } from "@putrecord/pds/config.js";
import { startCluster } from "./cluster.js";
import { moveAccountCommand } from "./move-account.js";

// `npm run cluster -- --cells 3`: a whole local deployment (docs/deployment.md) in the foreground; Ctrl-C stops it.
const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: { cells: { type: "string" }, help: { type: "boolean" } },
  allowPositionals: true,
});
if (values.help) {
  process.stdout.write(
    "Usage: npm run cluster -- [--cells N]   (default 3)\n" +
      "  PDS_PORT             the entryway's port (default 2583); cells take the next N ports\n" +
      "  PDS_DATA_DIRECTORY   where everything is kept (default ./data/cluster)\n" +
      "       npm run cluster -- move-account <did|handle> <cell>   (moves an account of the running deployment)\n",
  );
  process.exit(0);
}
const port = Number(process.env.PDS_PORT || DEFAULT_PORT);
const dataDirectory = process.env.PDS_DATA_DIRECTORY || "data/cluster";
if (positionals[0] === "move-account") {
  try {
    process.stdout.write(`${await moveAccountCommand(positionals.slice(1), port, dataDirectory)}\n`);
    process.exit(0);
  } catch (err) {
    process.stderr.write(`cluster: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
if (positionals.length > 0) {
  process.stderr.write(`cluster: unknown command "${positionals[0]}" (see --help)\n`);
  process.exit(1);
}
const cells = Number(values.cells ?? 3);
if (!Number.isInteger(cells) || cells < 1 || cells > 64) {
  process.stderr.write(`cluster: --cells must be a whole number from 1 to 64; got "${values.cells}"\n`);
  process.exit(1);
}
try {
  const cluster = await startCluster({ cells, port, dataDirectory });
  process.stdout.write(
    [
      `Entryway:   ${cluster.url}   (sign up, log in and call any method here; the explorer app at /)`,
      ...cluster.cells.map((cell, i) => `Cell c${i + 1}:    ${cell.url}`),
      `Firehose:   ${cluster.url.replace(/^http/, "ws")}/xrpc/com.atproto.sync.subscribeRepos   (every cell, one seq)`,
      `PostgreSQL: ${cluster.postgres.url}`,
      `NATS:       ${cluster.nats?.url ?? "off"}`,
      `Admin:      admin / ${cluster.adminPassword}`,
      `Data and logs under ${dataDirectory}. Ctrl-C stops everything.`,
      "",
    ].join("\n"),
  );
  const stop = () => cluster.stop().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (err) {
  process.stderr.write(`cluster: ${(err as Error).message}\n`);
  process.exit(1);
}
