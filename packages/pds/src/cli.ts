import { parseArgs } from "node:util";
import { ConfigError, type ConfigInput } from "./config.js";
import { boolean, integer, nonEmpty } from "./env-values.js";
import { NETWORK_FLAGS, NETWORK_USAGE, networkInput } from "./network-env.js";

/** `--help` text: every flag with the environment variable it stands for. */
export const USAGE = `Usage: pds [options]   (each option also reads the environment variable shown)

  --port <n>                 PDS_PORT                     default 2583
  --hostname <name>          PDS_HOSTNAME                 default localhost (local development mode)
  --bind-host <addr>         PDS_BIND_HOST                default localhost in dev, 0.0.0.0 otherwise
  --data-directory <dir>     PDS_DATA_DIRECTORY           default ./data
  --blobstore-location <dir> PDS_BLOBSTORE_DISK_LOCATION  default <data>/blocks
  --handle-domains <list>    PDS_SERVICE_HANDLE_DOMAINS   default .test in dev, .<hostname> otherwise
  --invite-required <bool>   PDS_INVITE_REQUIRED          default false in dev, true otherwise
  --plc-url <url>            PDS_DID_PLC_URL              default none: did:plc operations stay local
  --rate-limits-enabled <b>  PDS_RATE_LIMITS_ENABLED      default false
  Firehose limits:
  --repo-backfill-limit-ms <ms>    PDS_REPO_BACKFILL_LIMIT_MS    default 86400000 (a day): replay window; older events pruned
  --max-subscribers <n>            PDS_MAX_SUBSCRIBERS           default 100 open subscribeRepos sockets
  --subscription-buffer-bytes <n>  PDS_SUBSCRIPTION_BUFFER_BYTES default 16777216 queued per live subscriber
  Large reads:
  --max-repo-exports <n>           PDS_MAX_REPO_EXPORTS          default 32 getRepo streams at once, more get 503
  --repo-export-timeout-ms <ms>    PDS_REPO_EXPORT_TIMEOUT_MS    default 600000: a getRepo still streaming is cut off
  --list-records-page-bytes <n>    PDS_LIST_RECORDS_PAGE_BYTES   default 1048576 record bytes per listRecords page
  --headers-timeout-ms <n>   PDS_HEADERS_TIMEOUT_MS       default 20000: time to send the request headers
  --request-timeout-ms <n>   PDS_REQUEST_TIMEOUT_MS       default 120000: time to send the whole request
  --idle-timeout-ms <n>      PDS_IDLE_TIMEOUT_MS          default 30000: a request body silent this long is cut off
  --max-connections <n>      PDS_MAX_CONNECTIONS          default 1000: connections at once, more are refused
  --prepare-threads <n>      PDS_PREPARE_THREADS          default 0: threads validating records under load (large ones gain)
  --db-cache-mb <n>          PDS_DB_CACHE_MB              default 128: SQLite page cache of the writer, filled as read
  Logs: LOG_LEVEL (default info; silent turns them off), LOG_FORMAT (json or pretty; default
${NETWORK_USAGE}  Logs: LOG_LEVEL (default info; silent turns them off), LOG_FORMAT (json or pretty; default
  pretty on a terminal, JSON otherwise)
  Secrets (default: made on first run, kept in <data>/secrets.json, mode 0600):
                             PDS_JWT_SECRET, PDS_ADMIN_PASSWORD, PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX
  As a cell behind an entryway (docs/deployment.md), all three or none:
                             PDS_ENTRYWAY_URL, PDS_ENTRYWAY_DID, PDS_ENTRYWAY_JWT_VERIFY_KEY_K256_PUBLIC_KEY_HEX
  --help                     this text
`;

const FLAGS = {
  port: "PDS_PORT",
  hostname: "PDS_HOSTNAME",
  "bind-host": "PDS_BIND_HOST",
  "data-directory": "PDS_DATA_DIRECTORY",
  "blobstore-location": "PDS_BLOBSTORE_DISK_LOCATION",
  "handle-domains": "PDS_SERVICE_HANDLE_DOMAINS",
  "invite-required": "PDS_INVITE_REQUIRED",
  "plc-url": "PDS_DID_PLC_URL",
  "rate-limits-enabled": "PDS_RATE_LIMITS_ENABLED",
  "repo-backfill-limit-ms": "PDS_REPO_BACKFILL_LIMIT_MS",
  "max-subscribers": "PDS_MAX_SUBSCRIBERS",
  "subscription-buffer-bytes": "PDS_SUBSCRIPTION_BUFFER_BYTES",
  "max-repo-exports": "PDS_MAX_REPO_EXPORTS",
  "repo-export-timeout-ms": "PDS_REPO_EXPORT_TIMEOUT_MS",
  "list-records-page-bytes": "PDS_LIST_RECORDS_PAGE_BYTES",
  "headers-timeout-ms": "PDS_HEADERS_TIMEOUT_MS",
  "request-timeout-ms": "PDS_REQUEST_TIMEOUT_MS",
  "idle-timeout-ms": "PDS_IDLE_TIMEOUT_MS",
  "max-connections": "PDS_MAX_CONNECTIONS",
  "prepare-threads": "PDS_PREPARE_THREADS",
  "db-cache-mb": "PDS_DB_CACHE_MB",
  ...NETWORK_FLAGS,
} as const;

/** Reads flags (which win) and environment variables into a ConfigInput; null when `--help` was asked. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv): ConfigInput | null {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(Object.keys(FLAGS).map((f) => [f, { type: "string" as const }]));
    values = parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean" } },
      strict: true,
    }).values;
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}\n\n${USAGE}`);
  }
  if (values.help) return null;
  const get = (flag: keyof typeof FLAGS): string | undefined => {
    const value = (values[flag] as string | undefined) ?? env[FLAGS[flag]];
    return value === "" ? undefined : value;
  };
  const domains = get("handle-domains");
  return {
    port: integer("PDS_PORT", get("port")),
    hostname: get("hostname"),
    bindHost: get("bind-host"),
    dataDirectory: get("data-directory") ?? "data",
    blobstoreLocation: get("blobstore-location"),
    handleDomains: domains?.split(",").map((d) => d.trim()),
    inviteRequired: boolean("PDS_INVITE_REQUIRED", get("invite-required")),
    plcUrl: get("plc-url"),
    rateLimitsEnabled: boolean("PDS_RATE_LIMITS_ENABLED", get("rate-limits-enabled")),
    repoBackfillLimitMs: integer("PDS_REPO_BACKFILL_LIMIT_MS", get("repo-backfill-limit-ms")),
    maxSubscribers: integer("PDS_MAX_SUBSCRIBERS", get("max-subscribers")),
    subscriptionBufferBytes: integer("PDS_SUBSCRIPTION_BUFFER_BYTES", get("subscription-buffer-bytes")),
    maxRepoExports: integer("PDS_MAX_REPO_EXPORTS", get("max-repo-exports")),
    repoExportTimeoutMs: integer("PDS_REPO_EXPORT_TIMEOUT_MS", get("repo-export-timeout-ms")),
    listRecordsPageBytes: integer("PDS_LIST_RECORDS_PAGE_BYTES", get("list-records-page-bytes")),
    headersTimeoutMs: integer("PDS_HEADERS_TIMEOUT_MS", get("headers-timeout-ms")),
    requestTimeoutMs: integer("PDS_REQUEST_TIMEOUT_MS", get("request-timeout-ms")),
    idleTimeoutMs: integer("PDS_IDLE_TIMEOUT_MS", get("idle-timeout-ms")),
    maxConnections: integer("PDS_MAX_CONNECTIONS", get("max-connections")),
    prepareThreads: integer("PDS_PREPARE_THREADS", get("prepare-threads")),
    dbCacheMb: integer("PDS_DB_CACHE_MB", get("db-cache-mb")),
    jwtSecret: nonEmpty(env.PDS_JWT_SECRET),
    adminPassword: nonEmpty(env.PDS_ADMIN_PASSWORD),
    plcRotationKeyHex: nonEmpty(env.PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX),
    network: networkInput(get),
    entryway: {
      url: nonEmpty(env.PDS_ENTRYWAY_URL),
      did: nonEmpty(env.PDS_ENTRYWAY_DID),
      jwtVerifyKeyHex: nonEmpty(env.PDS_ENTRYWAY_JWT_VERIFY_KEY_K256_PUBLIC_KEY_HEX),
    },
  };
}
