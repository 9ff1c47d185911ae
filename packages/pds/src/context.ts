import type { OAuthProvider } from "@atproto/oauth-provider/provider";
import type { Logger } from "pino";
import type { AccountManager } from "./account/manager.js";
import type { SessionTokens } from "./auth/tokens.js";
import type { Blobs } from "./blob/blobs.js";
import type { ServerConfig } from "./config.js";
import type { Db } from "./db/database.js";
import type { Identity } from "./identity/identity.js";
import type { Outbox } from "./mail/outbox.js";
import type { RateLimiter } from "./rate-limit.js";
import type { Secrets } from "./secrets.js";
import type { Sequencer } from "./sequencer/sequencer.js";
import type { RepoStore } from "./store/repo-store.js";
import type { PreparePool } from "./write/prepare-pool.js";
import type { WriteQueue } from "./write/queue.js";

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
  /** Every hosted repo as stored: the tables, their caches, and the reads the API serves. */
  repos: RepoStore;
  /** Prepares record writes, on worker threads when that spares the main thread (src/write/prepare-pool.ts). */
  prepare: PreparePool;
  /** The write path: requests and jobs queued into group commits (src/write/queue.ts). */
  writes: WriteQueue;
  /** The firehose log: sequenceIdentity / sequenceAccount for account events. */
  sequencer: Sequencer;
  /** Uploaded blobs: bytes on disk, metadata in SQLite. */
  blobs: Blobs;
  /** DID, handle and PLC lookups in the network. */
  identity: Identity;
  /** Mail for account holders (written to the data directory; this PDS sends no email). */
  outbox: Outbox;
  /** The OAuth authorization server; it also verifies DPoP-bound access tokens (src/oauth/). */
  oauth: OAuthProvider;
}
