import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { Resolver } from "node:dns/promises";
import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { pipeline, type Readable } from "node:stream";
import { OutboundError } from "./errors.js";
import { isPublicUnicast } from "./unicast.js";

/** How one outbound call may behave: every limit explicit. */
export interface OutboundOptions {
  method?: "GET" | "HEAD" | "POST";
  headers?: Record<string, string | undefined>;
  /** A body to send: bytes, or a stream forwarded as it arrives. */
  body?: Uint8Array | Readable;
  /** From sending the request to the response's headers. */
  headersTimeoutMs: number;
  /** The longest the server may go silent while sending its body. */
  bodyTimeoutMs: number;
  /** Refuse http and addresses that are not public unicast (the default outside development). */
  ssrfProtection: boolean;
  /** Resolves the host with these DNS servers instead of the system's (handle lookups, tests). */
  resolver?: Resolver;
}

/** A response whose body is still to be read (or piped). */
export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: IncomingMessage;
}

// Connections are reused across calls: a proxied read should not pay a TCP (and TLS) handshake each time.
const AGENT_OPTIONS = {
  keepAlive: true,
  noDelay: true,
  maxSockets: 256,
  maxFreeSockets: 32,
  scheduling: "lifo" as const,
};
const httpAgent = new HttpAgent(AGENT_OPTIONS);
const httpsAgent = new HttpsAgent(AGENT_OPTIONS);

/** Addresses of a name from given DNS servers, IPv4 first, in the shape dns.lookup answers. */
async function resolveWith(resolver: Resolver, hostname: string): Promise<LookupAddress[]> {
  const [v4, v6] = await Promise.all([
    resolver.resolve4(hostname).catch(() => [] as string[]),
    resolver.resolve6(hostname).catch(() => [] as string[]),
  ]);
  const found = [
    ...v4.map((address) => ({ address, family: 4 })),
    ...v6.map((address) => ({ address, family: 6 })),
  ];
  if (found.length === 0) throw Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" });
  return found;
}

/**
 * A DNS lookup (the system's, or `resolver`'s) that with `publicOnly` refuses names resolving to any
 * address that is not public unicast.
 */
function checkedLookup(publicOnly: boolean, resolver?: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    const lookup = resolver
      ? resolveWith(resolver, hostname)
      : new Promise<LookupAddress[]>((resolve, reject) =>
          dnsLookup(hostname, { ...options, all: true }, (err, addresses) =>
            err ? reject(err) : resolve(addresses),
          ),
        );
    lookup.then(
      (addresses) => answerLookup(hostname, addresses, publicOnly, options.all === true, callback),
      (err: NodeJS.ErrnoException) => callback(err, "", 0),
    );
  };
}

/** Hands `addresses` to the socket, or an EFORBIDDEN error when one is not public and must be. */
function answerLookup(
  hostname: string,
  addresses: LookupAddress[],
  publicOnly: boolean,
  all: boolean,
  callback: Parameters<LookupFunction>[2],
): void {
  const refused = publicOnly ? addresses.find((a) => !isPublicUnicast(a.address)) : undefined;
  if (refused || addresses.length === 0) {
    const message = `${hostname} resolves to ${refused?.address ?? "nothing"}`;
    callback(Object.assign(new Error(message), { code: "EFORBIDDEN" }), "", 0);
  } else if (all) {
    callback(null, addresses as unknown as string, 0);
  } else {
    callback(null, addresses[0]!.address, addresses[0]!.family);
  }
}

/**
 * Sends one HTTP request and resolves once the response's headers arrive. With `ssrfProtection`, only
 * https to public unicast addresses is allowed. Rejects with OutboundError; the body stream is destroyed
 * with one if the server goes silent for `bodyTimeoutMs`.
 */
export function outboundRequest(url: string, opts: OutboundOptions): Promise<OutboundResponse> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.reject(new OutboundError(url, "forbidden-address", "not a URL"));
  }
  const refused = refusal(target, opts.ssrfProtection);
  if (refused) return Promise.reject(new OutboundError(url, "forbidden-address", refused));
  const secure = target.protocol === "https:";
  const headers = Object.fromEntries(Object.entries(opts.headers ?? {}).filter(([, v]) => v !== undefined));
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(target, {
      method: opts.method ?? "GET",
      headers: headers as Record<string, string>,
      agent: secure ? httpsAgent : httpAgent,
      lookup:
        opts.ssrfProtection || opts.resolver ? checkedLookup(opts.ssrfProtection, opts.resolver) : undefined,
    });
    const fail = (reason: "unreachable" | "timeout" | "forbidden-address", detail: string) =>
      new OutboundError(url, reason, detail);
    const headersTimer = setTimeout(
      () => req.destroy(fail("timeout", `no response headers within ${opts.headersTimeoutMs} ms`)),
      opts.headersTimeoutMs,
    );
    req.once("error", (err) => {
      clearTimeout(headersTimer);
      if (err instanceof OutboundError) return reject(err);
      const code = (err as { code?: string }).code;
      reject(fail(code === "EFORBIDDEN" ? "forbidden-address" : "unreachable", err.message));
    });
    req.once("response", (res) => {
      clearTimeout(headersTimer);
      watchBodySilence(res, opts.bodyTimeoutMs, () =>
        fail("timeout", `the body stalled for ${opts.bodyTimeoutMs} ms`),
      );
      resolve({ status: res.statusCode ?? 502, headers: res.headers, body: res });
    });
    if (opts.body === undefined) req.end();
    else if (opts.body instanceof Uint8Array) req.end(opts.body);
    else pipeline(opts.body, req, () => {});
  });
}

/**
 * Destroys `res` with `error()` when its socket is silent for `ms`. The listener goes when the response
 * does: a kept-alive socket serves other calls later, which a stale listener would cut off.
 */
function watchBodySilence(res: IncomingMessage, ms: number, error: () => Error): void {
  const socket = res.socket;
  const onTimeout = () => res.destroy(error());
  socket.setTimeout(ms);
  socket.on("timeout", onTimeout);
  res.once("close", () => {
    socket.off("timeout", onTimeout);
    socket.setTimeout(0);
  });
}

/** Why `url` may not be called (null when it may). */
function refusal(url: URL, ssrfProtection: boolean): string | null {
  if (url.protocol !== "https:" && url.protocol !== "http:") return `protocol ${url.protocol}`;
  if (!ssrfProtection) return null;
  if (url.protocol !== "https:") return "plain http is only allowed in development";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) !== 0 && !isPublicUnicast(host)) return `${host} is not a public address`;
  if (host === "localhost" || host.endsWith(".localhost")) return `${host} is not a public name`;
  return null;
}
