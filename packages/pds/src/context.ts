import type { Logger } from "pino";
import type { AccountManager } from "./account/manager.js";
import type { SessionTokens } from "./auth/tokens.js";
import type { ServerConfig } from "./config.js";
import type { Db } from "./db/database.js";
import type { RateLimiter } from "./rate-limit.js";
import type { Secrets } from "./secrets.js";

/** Everything a handler may use; built once at start-up. */
export interface AppContext {
  config: ServerConfig;
  db: Db;
  logger: Logger;
  secrets: Secrets;
  /** Issues and verifies session JWTs. */
  tokens: SessionTokens;
  accounts: AccountManager;
  rateLimiter: RateLimiter;
}
