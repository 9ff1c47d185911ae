import { parseCli } from "@putrecord/pds/cli.js";
import { ConfigError } from "@putrecord/pds/config.js";
import type { EntrywayInput } from "./config.js";

/** The entryway's own settings, beside every PDS setting (`pds --help`), which it reads the same way. */
export const ENTRYWAY_USAGE = `Usage: entryway [pds options]   (see pds --help; PDS_PORT, PDS_HOSTNAME, PDS_DATA_DIRECTORY, …)

  ENTRYWAY_DATABASE_URL   the directory's PostgreSQL, postgres://user@host/db (a socket: ?host=/dir); required
  ENTRYWAY_CELLS          the cells' base URLs, comma-separated (registered on start; never removed)
  ENTRYWAY_NATS_URL       NATS with JetStream (host:port) for the combined firehose; none: no combined firehose
  ENTRYWAY_FAN_IN         true (default with NATS) when this process copies the cells' firehoses into the stream
`;

/** Flags and environment into an EntrywayInput; null for `--help`. */
export function parseEntrywayCli(argv: string[], env: NodeJS.ProcessEnv): EntrywayInput | null {
  const base = parseCli(argv, env);
  if (base === null) return null;
  const databaseUrl = env.ENTRYWAY_DATABASE_URL;
  if (!databaseUrl) throw new ConfigError(`ENTRYWAY_DATABASE_URL is required\n\n${ENTRYWAY_USAGE}`);
  const fanIn = env.ENTRYWAY_FAN_IN;
  if (fanIn !== undefined && !/^(true|false|1|0)$/i.test(fanIn)) {
    throw new ConfigError(`ENTRYWAY_FAN_IN must be true or false; got "${fanIn}"`);
  }
  return {
    ...base,
    databaseUrl,
    cells: env.ENTRYWAY_CELLS ? env.ENTRYWAY_CELLS.split(",").map((url) => url.trim()) : [],
    natsUrl: env.ENTRYWAY_NATS_URL || undefined,
    fanIn: fanIn === undefined ? undefined : /^(true|1)$/i.test(fanIn),
  };
}
