import type { RateLimiter } from "@putrecord/pds/rate-limit.js";
import type { Logger } from "pino";
import type { EntrywayTokens } from "./auth/tokens.js";
import type { CellClient } from "./cell-client.js";
import type { EntrywayConfig } from "./config.js";
import type { Sql } from "./db/sql.js";
import type { Directory } from "./directory/index.js";
import type { CopiedEvents } from "./firehose/copied.js";
import type { MoveGate } from "./move/gate.js";
import type { EntrywaySecrets } from "./secrets.js";

/** Everything an entryway handler may use; built once at start-up. */
export interface EntrywayContext {
  config: EntrywayConfig;
  logger: Logger;
  secrets: EntrywaySecrets;
  rateLimiter: RateLimiter;
  sql: Sql;
  /** Accounts, cells, sessions, app passwords and invites, in PostgreSQL. */
  directory: Directory;
  tokens: EntrywayTokens;
  /** The entryway's own calls to cells (service auth). */
  cellClient: CellClient;
  /** The fan-in's progress on accounts' commits, which a move waits for. */
  copied: CopiedEvents;
  /** Accounts whose requests wait while they move between cells. */
  moves: MoveGate;
}
