import { isAbsolute, join, resolve } from "node:path";
import { type EntrywayInput, type EntrywayTrust, entrywayTrust } from "./cell/trust.js";
import { type NetworkConfig, type NetworkInput, resolveNetworkConfig } from "./network-config.js";

/** What the operator may set (env, flags, or a test); everything else has a default. */
export interface ConfigInput {
  port?: number;
  hostname?: string;
  /** Address to listen on; loopback in dev mode, all interfaces otherwise. */
  bindHost?: string;
  dataDirectory: string;
  blobstoreLocation?: string;
  /** Handle suffixes offered to new accounts, each starting with a dot. */
  handleDomains?: string[];
  inviteRequired?: boolean;
  plcUrl?: string;
  rateLimitsEnabled?: boolean;
  /** Minimum createSession answer time, against timing attacks. */
  loginDelayMs?: number;
  /** Connection limits (see ConnectionLimits); each defaults to DEFAULT_LIMITS. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  idleTimeoutMs?: number;
  maxConnections?: number;
  /** Secrets given by the environment win over the ones kept in `<data>/secrets.json`. */
  jwtSecret?: string;
  adminPassword?: string;
  plcRotationKeyHex?: string;
  /** The firehose's limits (see FirehoseLimits); each defaults as DEFAULT_FIREHOSE says. */
  repoBackfillLimitMs?: number;
  maxSubscribers?: number;
  subscriptionBufferBytes?: number;
  /** Worker threads that prepare (validate, encode) records off the main thread; 0 for none. */
  prepareThreads?: number;
  /** The database connection's page cache, in MB (the writer's: see DEFAULT_DB_CACHE_MB). */
  dbCacheMb?: number;
  /** AppView, chat, crawlers, identity lookups, imports (network-config.ts). */
  network?: NetworkInput;
  /** Serve as a cell behind an entryway (docs/deployment.md): all three settings, or none. */
  entryway?: Partial<EntrywayInput>;
  /** What large reads may hold (see ReadLimits); each defaults as DEFAULT_READS says. */
  maxRepoExports?: number;
  repoExportTimeoutMs?: number;
  listRecordsPageBytes?: number;
}

/** The firehose's explicit limits (subscribeRepos and its event log). */
export interface FirehoseLimits {
  /** Events older than this are not replayed (an `OutdatedCursor` info frame says so) and are pruned. */
  repoBackfillLimitMs: number;
  /** Open subscribeRepos sockets; one more is refused with 503. */
  maxSubscribers: number;
  /** Bytes a live subscriber may have queued before it is dropped with `ConsumerTooSlow`. */
  subscriptionBufferBytes: number;
}

/** The reference's one day of backfill; a hundred subscribers; 16 MB queued per subscriber. */
export const DEFAULT_FIREHOSE: FirehoseLimits = {
  repoBackfillLimitMs: 24 * 60 * 60 * 1000,
  maxSubscribers: 100,
  subscriptionBufferBytes: 16 * 1024 * 1024,
};

/** What large reads may hold: getRepo exports and listRecords pages. */
export interface ReadLimits {
  /** getRepo exports streaming at once (each holds a read snapshot); one more is answered 503. */
  maxRepoExports: number;
  /** How long an export's snapshot stays open: a client reading slower is cut off (the WAL cannot
   * start over while a snapshot is open). */
  repoExportTimeoutMs: number;
  /** Record bytes in one listRecords page: it ends after the record that reaches this. */
  listRecordsPageBytes: number;
}

/** 32 exports, 10 minutes each, pages of 1 MB. */
export const DEFAULT_READS: ReadLimits = {
  maxRepoExports: 32,
  repoExportTimeoutMs: 10 * 60_000,
  listRecordsPageBytes: 1024 * 1024,
};

/** The checked configuration every part of the server reads (no secrets: those are in ctx.secrets). */
export interface ServerConfig {
  port: number;
  hostname: string;
  bindHost: string;
  dataDirectory: string;
  blobstoreLocation: string;
  /** Local development: hostname localhost, `.test` handles, no invites, a dev account. */
  devMode: boolean;
  /** The URL clients and the DID documents name for this server. */
  publicUrl: string;
  /** `did:web:<hostname>`: the `aud` of every token this server issues. */
  serviceDid: string;
  handleDomains: string[];
  inviteRequired: boolean;
  plcUrl: string | undefined;
  rateLimitsEnabled: boolean;
  loginDelayMs: number;
  firehose: FirehoseLimits;
  reads: ReadLimits;
  limits: ConnectionLimits;
  /** Worker threads for record preparation (src/write/prepare-pool.ts). */
  prepareThreads: number;
  /** The writer connection's SQLite page cache, in MB (DEFAULT_DB_CACHE_MB). */
  dbCacheMb: number;
  network: NetworkConfig;
  /** Set when this PDS is a cell: it trusts the entryway's tokens and forwards what the entryway owns. */
  entryway: EntrywayTrust | undefined;
}

/** What one client connection may take: explicit, so a slow or idle client cannot hold a socket for long. */
export interface ConnectionLimits {
  /** From a request's first byte to its last header. */
  headersTimeoutMs: number;
  /** From connection to the end of the whole request, body included: bounds a body trickled in. */
  requestTimeoutMs: number;
  /** The longest a client sending a request body may go without sending a byte. */
  idleTimeoutMs: number;
  /** Connections served at once; more are closed as they arrive (firehose subscribers count). */
  maxConnections: number;
}

/**
 * A 50 MiB blob upload has 120 s, about 0.45 MB/s; raise PDS_REQUEST_TIMEOUT_MS for slower clients.
 * Node's own defaults were 60 s for headers, 300 s for a request, no idle limit and no connection cap.
 */
export const DEFAULT_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 120_000,
  idleTimeoutMs: 30_000,
  maxConnections: 1000,
};

/**
 * No prepare threads unless asked: handing a short record to a thread and back costs the main thread
 * more than preparing it there; only large records gain (bench/README.md, "Where records are prepared").
 */
export const DEFAULT_PREPARE_THREADS = 0;

/**
 * SQLite's page cache for the server's connection (the writer's). Pages are cached only as they are
 * read, so a small PDS never fills it. A commit to a big repo reads index pages at random (its record's
 * block lands anywhere in the (did, cid) index): at a million records, 128 MB against SQLite's default
 * 2 MB made sequential creates 17–39% faster in alternating rounds (bench/README.md, "Repo growth").
 */
export const DEFAULT_DB_CACHE_MB = 128;

/** The reference's createSession floor (ms). */
export const DEFAULT_LOGIN_DELAY_MS = 350;
/** The port the reference's dev environment uses. */
export const DEFAULT_PORT = 2583;

/** The server cannot start as things are; the message says why and what to do about it. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

/** A setting is missing or malformed; the message names the setting and what is expected. */
export class ConfigError extends StartupError {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
const HOSTNAME = new RegExp(`^(localhost|${LABEL}(\\.${LABEL})+)$`);
const DOMAIN = new RegExp(`^${LABEL}(\\.${LABEL})*$`);

/** Fills defaults and checks every setting; throws ConfigError naming the bad one. */
export function resolveConfig(input: ConfigInput): ServerConfig {
  const port = input.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PDS_PORT must be an integer from 0 to 65535; got ${port}`);
  }
  const hostname = (input.hostname ?? "localhost").toLowerCase();
  if (!HOSTNAME.test(hostname)) {
    throw new ConfigError(`PDS_HOSTNAME must be a DNS name such as pds.example.com; got "${hostname}"`);
  }
  if (!input.dataDirectory) throw new ConfigError("PDS_DATA_DIRECTORY must not be empty");
  const dataDirectory = resolve(input.dataDirectory);
  const devMode = hostname === "localhost";
  const handleDomains = input.handleDomains ?? [devMode ? ".test" : `.${hostname}`];
  for (const domain of handleDomains) {
    if (!domain.startsWith(".") || !DOMAIN.test(domain.slice(1))) {
      throw new ConfigError(
        `PDS_SERVICE_HANDLE_DOMAINS entries must look like ".example.com"; got "${domain}"`,
      );
    }
  }
  const loginDelayMs = input.loginDelayMs ?? DEFAULT_LOGIN_DELAY_MS;
  if (!Number.isInteger(loginDelayMs) || loginDelayMs < 0) {
    throw new ConfigError(`the login delay must be a non-negative integer (ms); got ${loginDelayMs}`);
  }
  const prepareThreads = input.prepareThreads ?? DEFAULT_PREPARE_THREADS;
  if (!Number.isInteger(prepareThreads) || prepareThreads < 0 || prepareThreads > 64) {
    throw new ConfigError(`PDS_PREPARE_THREADS must be an integer from 0 to 64; got ${prepareThreads}`);
  }
  const dbCacheMb = input.dbCacheMb ?? DEFAULT_DB_CACHE_MB;
  if (!Number.isInteger(dbCacheMb) || dbCacheMb < 1 || dbCacheMb > 65536) {
    throw new ConfigError(`PDS_DB_CACHE_MB must be an integer from 1 to 65536; got ${dbCacheMb}`);
  }
  return {
    limits: connectionLimits(input),
    port,
    hostname,
    bindHost: input.bindHost ?? (devMode ? "localhost" : "0.0.0.0"),
    dataDirectory,
    blobstoreLocation: blobDirectory(dataDirectory, input.blobstoreLocation),
    devMode,
    publicUrl: devMode ? `http://localhost:${port}` : `https://${hostname}`,
    serviceDid: `did:web:${hostname}`,
    handleDomains,
    inviteRequired: input.inviteRequired ?? !devMode,
    plcUrl: plcUrl(input.plcUrl),
    rateLimitsEnabled: input.rateLimitsEnabled ?? false,
    loginDelayMs,
    firehose: positiveIntegers(input, DEFAULT_FIREHOSE, FIREHOSE_ENV),
    prepareThreads,
    dbCacheMb,
    network: resolveNetworkConfig(input.network ?? {}, devMode),
    entryway: entrywayTrust(input.entryway),
    reads: positiveIntegers(input, DEFAULT_READS, READ_ENV),
  };
}

/** The environment variable of each firehose limit (also its flag, see cli.ts). */
const FIREHOSE_ENV: Record<keyof FirehoseLimits, string> = {
  repoBackfillLimitMs: "PDS_REPO_BACKFILL_LIMIT_MS",
  maxSubscribers: "PDS_MAX_SUBSCRIBERS",
  subscriptionBufferBytes: "PDS_SUBSCRIPTION_BUFFER_BYTES",
};

/** The environment variable of each read limit (also its flag, see cli.ts). */
const READ_ENV: Record<keyof ReadLimits, string> = {
  maxRepoExports: "PDS_MAX_REPO_EXPORTS",
  repoExportTimeoutMs: "PDS_REPO_EXPORT_TIMEOUT_MS",
  listRecordsPageBytes: "PDS_LIST_RECORDS_PAGE_BYTES",
};

/** The environment variable of each connection limit (also its flag, see cli.ts). */
export const LIMIT_ENV: Record<keyof ConnectionLimits, string> = {
  headersTimeoutMs: "PDS_HEADERS_TIMEOUT_MS",
  requestTimeoutMs: "PDS_REQUEST_TIMEOUT_MS",
  idleTimeoutMs: "PDS_IDLE_TIMEOUT_MS",
  maxConnections: "PDS_MAX_CONNECTIONS",
};

/** Each limit from `input`, else its default; every one must be a positive integer. */
function positiveIntegers<K extends keyof ConfigInput>(
  input: ConfigInput,
  defaults: Record<K, number>,
  env: Record<K, string>,
): Record<K, number> {
  const limits = { ...defaults };
  for (const key of Object.keys(defaults) as K[]) {
    const value = (input[key] as number | undefined) ?? defaults[key];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new ConfigError(`${env[key]} must be a positive integer; got ${value}`);
    }
    limits[key] = value;
  }
  return limits;
}

function connectionLimits(input: ConfigInput): ConnectionLimits {
  const limits = positiveIntegers(input, DEFAULT_LIMITS, LIMIT_ENV);
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new ConfigError("PDS_HEADERS_TIMEOUT_MS must not be longer than PDS_REQUEST_TIMEOUT_MS");
  }
  return limits;
}

function blobDirectory(dataDirectory: string, location: string | undefined): string {
  if (location === undefined) return join(dataDirectory, "blocks");
  return isAbsolute(location) ? location : resolve(location);
}

function plcUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`PDS_DID_PLC_URL must be an http(s) URL; got "${value}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`PDS_DID_PLC_URL must be an http(s) URL; got "${value}"`);
  }
  return value.replace(/\/+$/, "");
}
