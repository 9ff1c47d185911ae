import type { Logger } from "pino";
import type { ServerConfig } from "./config.js";
import type { Db } from "./db/database.js";

/** Everything a handler may use; built once at start-up. */
export interface AppContext {
  config: ServerConfig;
  db: Db;
  logger: Logger;
}
