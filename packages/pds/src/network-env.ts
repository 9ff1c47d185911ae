import { boolean, integer, list } from "./env-values.js";
import type { NetworkInput } from "./network-config.js";

/** Each network setting's flag and the environment variable it stands for (the reference's names). */
export const NETWORK_FLAGS = {
  "app-view-url": "PDS_BSKY_APP_VIEW_URL",
  "app-view-did": "PDS_BSKY_APP_VIEW_DID",
  "app-view-cdn-url-pattern": "PDS_BSKY_APP_VIEW_CDN_URL_PATTERN",
  "chat-url": "PDS_BSKY_CHAT_URL",
  "chat-did": "PDS_BSKY_CHAT_DID",
  "mod-service-url": "PDS_MOD_SERVICE_URL",
  "mod-service-did": "PDS_MOD_SERVICE_DID",
  "report-service-url": "PDS_REPORT_SERVICE_URL",
  "report-service-did": "PDS_REPORT_SERVICE_DID",
  crawlers: "PDS_CRAWLERS",
  "disable-ssrf-protection": "PDS_DISABLE_SSRF_PROTECTION",
  "proxy-headers-timeout": "PDS_PROXY_HEADERS_TIMEOUT",
  "proxy-body-timeout": "PDS_PROXY_BODY_TIMEOUT",
  "proxy-max-response-size": "PDS_PROXY_MAX_RESPONSE_SIZE",
  "id-resolver-timeout": "PDS_ID_RESOLVER_TIMEOUT",
  "handle-nameservers": "PDS_HANDLE_NAMESERVERS",
  "handle-backup-nameservers": "PDS_HANDLE_BACKUP_NAMESERVERS",
  "did-doc-with-session": "PDS_ENABLE_DID_DOC_WITH_SESSION",
  "accepting-repo-imports": "PDS_ACCEPTING_REPO_IMPORTS",
  "max-repo-import-size": "PDS_MAX_REPO_IMPORT_SIZE",
} as const;

/** The network part of `--help`. */
export const NETWORK_USAGE = `  The network (each service needs both its URL and its DID):
  --app-view-url <url>, --app-view-did <did>  PDS_BSKY_APP_VIEW_URL, _DID   default none: app.bsky calls answer 501
  --app-view-cdn-url-pattern <p>  PDS_BSKY_APP_VIEW_CDN_URL_PATTERN  image URLs in read-after-write answers
  --chat-url <url>, --chat-did <did>          PDS_BSKY_CHAT_URL, _DID       default: chat.bsky goes to the AppView
  --mod-service-url, --mod-service-did        PDS_MOD_SERVICE_URL, _DID     tools.ozone calls
  --report-service-url, --report-service-did  PDS_REPORT_SERVICE_URL, _DID  com.atproto.moderation.createReport
  --crawlers <urls>          PDS_CRAWLERS                 relays asked to crawl this PDS (comma-separated)
  --disable-ssrf-protection <b>  PDS_DISABLE_SSRF_PROTECTION  default true in dev: outbound calls may reach loopback
  --proxy-headers-timeout <ms>   PDS_PROXY_HEADERS_TIMEOUT    default 10000
  --proxy-body-timeout <ms>      PDS_PROXY_BODY_TIMEOUT       default 30000: an upstream body silent this long
  --proxy-max-response-size <n>  PDS_PROXY_MAX_RESPONSE_SIZE  default 10485760 bytes
  --id-resolver-timeout <ms>     PDS_ID_RESOLVER_TIMEOUT      default 3000: one DID, handle or PLC lookup
  --handle-nameservers <list>    PDS_HANDLE_NAMESERVERS       default the system's: DNS for _atproto TXT lookups
  --handle-backup-nameservers <list>  PDS_HANDLE_BACKUP_NAMESERVERS  asked when the first find nothing
  --did-doc-with-session <b>     PDS_ENABLE_DID_DOC_WITH_SESSION  default true: sessions carry the DID document
  --accepting-repo-imports <b>   PDS_ACCEPTING_REPO_IMPORTS   default true
  --max-repo-import-size <n>     PDS_MAX_REPO_IMPORT_SIZE     default 1073741824 bytes
`;

/** Reads the network settings with `get` (a flag's value, else its environment variable's). */
export function networkInput(get: (flag: keyof typeof NETWORK_FLAGS) => string | undefined): NetworkInput {
  const int = (flag: keyof typeof NETWORK_FLAGS) => integer(NETWORK_FLAGS[flag], get(flag));
  const bool = (flag: keyof typeof NETWORK_FLAGS) => boolean(NETWORK_FLAGS[flag], get(flag));
  return {
    appViewUrl: get("app-view-url"),
    appViewDid: get("app-view-did"),
    appViewCdnUrlPattern: get("app-view-cdn-url-pattern"),
    chatUrl: get("chat-url"),
    chatDid: get("chat-did"),
    modServiceUrl: get("mod-service-url"),
    modServiceDid: get("mod-service-did"),
    reportServiceUrl: get("report-service-url"),
    reportServiceDid: get("report-service-did"),
    crawlers: list(get("crawlers")),
    disableSsrfProtection: bool("disable-ssrf-protection"),
    proxyHeadersTimeoutMs: int("proxy-headers-timeout"),
    proxyBodyTimeoutMs: int("proxy-body-timeout"),
    proxyMaxResponseBytes: int("proxy-max-response-size"),
    resolverTimeoutMs: int("id-resolver-timeout"),
    handleNameservers: list(get("handle-nameservers")),
    handleBackupNameservers: list(get("handle-backup-nameservers")),
    didDocWithSession: bool("did-doc-with-session"),
    acceptingImports: bool("accepting-repo-imports"),
    maxImportBytes: int("max-repo-import-size"),
  };
}
