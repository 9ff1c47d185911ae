import { Resolver } from "node:dns/promises";
import { isValidDid } from "@atproto/syntax";
import { outboundRequest } from "../net/outbound.js";
import { readLimited } from "../net/read-body.js";

/** How handles are resolved. */
export interface HandleResolverOptions {
  timeoutMs: number;
  /** DNS servers for `_atproto` TXT lookups and the well-known host (`host` or `host:port`); empty: the system's. */
  nameservers: readonly string[];
  /** Asked when neither the first servers nor the well-known file name a DID. */
  backupNameservers: readonly string[];
  ssrfProtection: boolean;
  /** Where a handle's `/.well-known/atproto-did` lives; `https://<handle>` unless a test says otherwise. */
  wellKnownOrigin?: (handle: string) => string;
}

/**
 * Names no public DNS will ever hold (RFC 2606 and 6761, and the TLDs atproto forbids in handles): a
 * handle under one cannot resolve, so it is not looked up (tests and development stay on the machine).
 */
const RESERVED =
  /(^|\.)(test|example|invalid|localhost|local|internal|arpa|onion|alt|example\.(com|net|org))$/;

/** The well-known answer is one line holding a DID; anything longer is not one. */
const MAX_WELL_KNOWN_BYTES = 4096;
const DNS_PREFIX = "did=";

/**
 * Resolves a handle to the DID it claims, as the spec's two methods do: a DNS TXT record
 * `_atproto.<handle>` holding `did=<did>`, else `https://<handle>/.well-known/atproto-did`. Both start
 * at once; DNS wins when it answers. Null when neither names exactly one DID (lookup failures included:
 * a handle that cannot be resolved now does not resolve).
 */
export class HandleResolver {
  readonly #dns: Resolver;
  readonly #backup: Resolver | null;
  /** Set when nameservers are configured: the well-known host is then looked up with them too. */
  readonly #hostResolver: Resolver | undefined;

  constructor(readonly opts: HandleResolverOptions) {
    this.#dns = dnsResolver(opts.nameservers, opts.timeoutMs);
    this.#hostResolver = opts.nameservers.length > 0 ? this.#dns : undefined;
    this.#backup =
      opts.backupNameservers.length > 0 ? dnsResolver(opts.backupNameservers, opts.timeoutMs) : null;
  }

  /** The DID `handle` claims, or null. */
  async resolve(handle: string): Promise<string | null> {
    if (RESERVED.test(handle)) return null;
    const abort = new AbortController();
    const wellKnown = this.resolveWellKnown(handle, abort.signal);
    const fromDns = await this.resolveDns(handle, this.#dns);
    if (fromDns !== null) {
      abort.abort();
      return fromDns;
    }
    const fromWellKnown = await wellKnown;
    if (fromWellKnown !== null) return fromWellKnown;
    return this.#backup ? this.resolveDns(handle, this.#backup) : null;
  }

  /** The DID of the one `did=` TXT record of `_atproto.<handle>`, or null. */
  async resolveDns(handle: string, resolver: Resolver = this.#dns): Promise<string | null> {
    let records: string[][];
    try {
      records = await resolver.resolveTxt(`_atproto.${handle}`);
    } catch {
      return null;
    }
    const dids = records.map((chunks) => chunks.join("")).filter((r) => r.startsWith(DNS_PREFIX));
    if (dids.length !== 1) return null;
    const did = dids[0]!.slice(DNS_PREFIX.length);
    return isValidDid(did) ? did : null;
  }

  /** The DID in the handle's `/.well-known/atproto-did` (its first line), or null. */
  async resolveWellKnown(handle: string, signal?: AbortSignal): Promise<string | null> {
    const origin = this.opts.wellKnownOrigin?.(handle) ?? `https://${handle}`;
    const url = `${origin}/.well-known/atproto-did`;
    try {
      const res = await outboundRequest(url, {
        headers: { host: handle, accept: "text/plain" },
        headersTimeoutMs: this.opts.timeoutMs,
        bodyTimeoutMs: this.opts.timeoutMs,
        ssrfProtection: this.opts.ssrfProtection,
        resolver: this.#hostResolver,
      });
      signal?.addEventListener("abort", () => res.body.destroy(), { once: true });
      if (res.status !== 200) {
        res.body.resume();
        return null;
      }
      const text = (await readLimited(url, res, MAX_WELL_KNOWN_BYTES)).toString("utf8");
      const did = text.split("\n")[0]!.trim();
      return isValidDid(did) ? did : null;
    } catch {
      return null;
    }
  }
}

function dnsResolver(servers: readonly string[], timeoutMs: number): Resolver {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  if (servers.length > 0) resolver.setServers([...servers]);
  return resolver;
}
