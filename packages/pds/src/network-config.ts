import { ConfigError } from "./config.js";

/** A service this PDS talks to on its users' behalf: where it is and the DID it answers to. */
export interface ServiceRef {
  url: string;
  did: string;
}

/** What the operator may set about the network around the PDS (env, flags, or a test). */
export interface NetworkInput {
  appViewUrl?: string;
  appViewDid?: string;
  /** `util.format` pattern of the AppView's image CDN: `%s` for preset, DID and CID, in that order. */
  appViewCdnUrlPattern?: string;
  chatUrl?: string;
  chatDid?: string;
  modServiceUrl?: string;
  modServiceDid?: string;
  reportServiceUrl?: string;
  reportServiceDid?: string;
  /** Relays to ask for a crawl (`com.atproto.sync.requestCrawl`), as base URLs. */
  crawlers?: string[];
  /** Let outbound requests reach loopback and private addresses over http (default: in dev mode only). */
  disableSsrfProtection?: boolean;
  proxyHeadersTimeoutMs?: number;
  proxyBodyTimeoutMs?: number;
  proxyMaxResponseBytes?: number;
  /** Time allowed for one DID document, handle or PLC lookup. */
  resolverTimeoutMs?: number;
  /** DNS servers (`host` or `host:port`) for handle TXT lookups; default: the system's. */
  handleNameservers?: string[];
  /** Asked when the first servers find no `_atproto` record (the reference's backup nameservers). */
  handleBackupNameservers?: string[];
  /** createSession, getSession and refreshSession answer with the account's DID document. */
  didDocWithSession?: boolean;
  acceptingImports?: boolean;
  maxImportBytes?: number;
}

/** Timeouts and sizes of proxied calls (the reference's defaults). */
export interface ProxyLimits {
  /** From sending the request to the upstream's response headers. */
  headersTimeoutMs: number;
  /** The longest the upstream may go silent while sending its body. */
  bodyTimeoutMs: number;
  /** Largest upstream body the PDS reads itself (read-after-write, error bodies); streamed ones too. */
  maxResponseBytes: number;
  /** Largest request body forwarded upstream. */
  maxRequestBytes: number;
}

/** The checked network settings. */
export interface NetworkConfig {
  appView: (ServiceRef & { cdnUrlPattern?: string }) | null;
  chat: ServiceRef | null;
  modService: ServiceRef | null;
  reportService: ServiceRef | null;
  crawlers: string[];
  ssrfProtection: boolean;
  proxy: ProxyLimits;
  identity: {
    resolverTimeoutMs: number;
    handleNameservers: string[];
    handleBackupNameservers: string[];
    didDocWithSession: boolean;
  };
  imports: { accepting: boolean; maxBytes: number };
}

/** The reference's proxy limits: 10 s to the headers, 30 s of silence in a body, 10 MB bodies. */
export const DEFAULT_PROXY: ProxyLimits = {
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
  maxResponseBytes: 10 * 1024 * 1024,
  maxRequestBytes: 50 * 1024 * 1024,
};
/** The reference's identity resolver timeout. */
export const DEFAULT_RESOLVER_TIMEOUT_MS = 3_000;
/** Largest CAR importRepo takes (the reference has no limit by default). */
export const DEFAULT_MAX_IMPORT_BYTES = 1024 * 1024 * 1024;

const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$/;

/** Fills defaults and checks every network setting; throws ConfigError naming the bad one. */
export function resolveNetworkConfig(input: NetworkInput, devMode: boolean): NetworkConfig {
  const appView = service(input.appViewUrl, input.appViewDid, "PDS_BSKY_APP_VIEW");
  return {
    appView: appView && { ...appView, cdnUrlPattern: input.appViewCdnUrlPattern || undefined },
    chat: service(input.chatUrl, input.chatDid, "PDS_BSKY_CHAT"),
    modService: service(input.modServiceUrl, input.modServiceDid, "PDS_MOD_SERVICE"),
    reportService: service(input.reportServiceUrl, input.reportServiceDid, "PDS_REPORT_SERVICE"),
    crawlers: (input.crawlers ?? []).map((url) => httpUrl(url, "PDS_CRAWLERS")),
    ssrfProtection: !(input.disableSsrfProtection ?? devMode),
    proxy: {
      headersTimeoutMs: positive(
        input.proxyHeadersTimeoutMs,
        DEFAULT_PROXY.headersTimeoutMs,
        "PDS_PROXY_HEADERS_TIMEOUT",
      ),
      bodyTimeoutMs: positive(
        input.proxyBodyTimeoutMs,
        DEFAULT_PROXY.bodyTimeoutMs,
        "PDS_PROXY_BODY_TIMEOUT",
      ),
      maxResponseBytes: positive(
        input.proxyMaxResponseBytes,
        DEFAULT_PROXY.maxResponseBytes,
        "PDS_PROXY_MAX_RESPONSE_SIZE",
      ),
      maxRequestBytes: DEFAULT_PROXY.maxRequestBytes,
    },
    identity: {
      resolverTimeoutMs: positive(
        input.resolverTimeoutMs,
        DEFAULT_RESOLVER_TIMEOUT_MS,
        "PDS_ID_RESOLVER_TIMEOUT",
      ),
      handleNameservers: input.handleNameservers ?? [],
      handleBackupNameservers: input.handleBackupNameservers ?? [],
      didDocWithSession: input.didDocWithSession ?? true,
    },
    imports: {
      accepting: input.acceptingImports ?? true,
      maxBytes: positive(input.maxImportBytes, DEFAULT_MAX_IMPORT_BYTES, "PDS_MAX_REPO_IMPORT_SIZE"),
    },
  };
}

function service(url: string | undefined, did: string | undefined, env: string): ServiceRef | null {
  if (!url && !did) return null;
  if (!url || !did) throw new ConfigError(`${env}_URL and ${env}_DID must be set together`);
  if (!DID.test(did)) throw new ConfigError(`${env}_DID must be a DID; got "${did}"`);
  return { url: httpUrl(url, `${env}_URL`), did };
}

/** An http(s) URL without its trailing slashes. */
function httpUrl(value: string, env: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${env} must be an http(s) URL; got "${value}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`${env} must be an http(s) URL; got "${value}"`);
  }
  return value.replace(/\/+$/, "");
}

function positive(value: number | undefined, fallback: number, env: string): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < 1) throw new ConfigError(`${env} must be a positive integer; got ${v}`);
  return v;
}
