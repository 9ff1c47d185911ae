import { ConfigError, type ConfigInput, resolveConfig, type ServerConfig } from "@putrecord/pds/config.js";

/** What an entryway may be given beyond a PDS's own settings (which it reads the same way). */
export interface EntrywayInput extends ConfigInput {
  /** ENTRYWAY_DATABASE_URL: the directory's PostgreSQL (postgres:// URL; a socket via `?host=/dir`). */
  databaseUrl: string;
  /** ENTRYWAY_CELLS: the cells' URLs, registered on start (more can be added later, never removed). */
  cells?: string[];
  /** ENTRYWAY_NATS_URL: NATS with JetStream for the combined firehose; none, no combined firehose. */
  natsUrl?: string;
  /** ENTRYWAY_FAN_IN: whether this process feeds the combined firehose (one per deployment). */
  fanIn?: boolean;
}

/** An entryway's checked settings: the PDS's, and its own. */
export interface EntrywayConfig extends ServerConfig {
  databaseUrl: string;
  cells: string[];
  natsUrl: string | undefined;
  fanIn: boolean;
  proxy: ProxyLimits;
}

/** What one request passed on to a cell may take. */
export interface ProxyLimits {
  /** From sending the request to the cell's response headers. */
  responseTimeoutMs: number;
  /** Connections kept open to each cell (requests beyond wait for one). */
  maxSocketsPerCell: number;
}

/** Time for a cell to start answering; sockets per cell (two cores' worth of cell, with room). */
export const DEFAULT_PROXY: ProxyLimits = { responseTimeoutMs: 30_000, maxSocketsPerCell: 256 };

/** Fills defaults and checks every setting; ConfigError names the bad one. */
export function resolveEntrywayConfig(input: EntrywayInput): EntrywayConfig {
  if (!/^postgres(ql)?:\/\//.test(input.databaseUrl ?? "")) {
    throw new ConfigError("ENTRYWAY_DATABASE_URL must be a postgres:// URL");
  }
  const cells = (input.cells ?? []).map((url) => {
    if (!/^https?:\/\/[^/]+\/?$/.test(url))
      throw new ConfigError(`ENTRYWAY_CELLS: not a cell's base URL: "${url}"`);
    return url.replace(/\/+$/, "");
  });
  if (input.natsUrl !== undefined && !/^(nats:\/\/)?[^/\s]+:\d+$/.test(input.natsUrl)) {
    throw new ConfigError(
      `ENTRYWAY_NATS_URL must be host:port (or nats://host:port); got "${input.natsUrl}"`,
    );
  }
  return {
    ...resolveConfig(input),
    databaseUrl: input.databaseUrl,
    cells,
    natsUrl: input.natsUrl,
    fanIn: input.fanIn ?? input.natsUrl !== undefined,
    proxy: DEFAULT_PROXY,
  };
}
