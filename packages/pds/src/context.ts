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
import type { RepoManager } from "./repo/repo-manager.js";
import type { Secrets } from "./secrets.js";
import type { Sequencer } from "./sequencer/sequencer.js";

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
  /** Every hosted repo: creation (for createAccount), writes through group commit, reads. */
  repos: RepoManager;
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
