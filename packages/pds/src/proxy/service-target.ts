import type { AppContext } from "../context.js";
import { serviceEndpoint } from "../identity/did-document.js";
import type { ServiceRef } from "../network-config.js";
import { InvalidRequestError } from "../xrpc/errors.js";

/** Where a call goes: the service's DID (the token's audience), its id in the DID document, its URL. */
export interface ProxyTarget {
  did: string;
  serviceId: string;
  url: string;
}

/** The service a method goes to without an `atproto-proxy` header, and its id (the reference's table). */
export function defaultService(
  ctx: AppContext,
  nsid: string,
): { serviceId: string; service: ServiceRef | null } {
  const { network } = ctx.config;
  if (nsid.startsWith("tools.ozone.")) return { serviceId: "atproto_labeler", service: network.modService };
  if (nsid === "com.atproto.moderation.createReport") {
    return { serviceId: "atproto_labeler", service: network.reportService };
  }
  // The reference sends chat.bsky to the AppView unless the client names a chat service; a configured
  // one (PDS_BSKY_CHAT_URL/_DID) is its default here.
  if (nsid.startsWith("chat.bsky.") && network.chat) return { serviceId: "bsky_chat", service: network.chat };
  return { serviceId: "bsky_appview", service: network.appView };
}

/** Splits `did#serviceId`, with the reference's checks and messages. */
export function parseProxyHeader(value: string): { did: string; serviceId: string } {
  const hash = value.indexOf("#");
  if (hash === 0) throw new InvalidRequestError("no did specified in proxy header");
  if (hash === -1 || hash === value.length - 1) {
    throw new InvalidRequestError("no service id specified in proxy header");
  }
  if (value.indexOf("#", hash + 1) !== -1) throw new InvalidRequestError("invalid proxy header format");
  if (value.includes(" ")) throw new InvalidRequestError("proxy header cannot contain spaces");
  return { did: value.slice(0, hash), serviceId: value.slice(hash + 1) };
}

/**
 * The service `nsid` is sent to: the one named by the `atproto-proxy` header (its URL from the DID
 * document, except the configured AppView's, known already), else the method's default; null when
 * neither exists.
 */
export async function proxyTarget(
  ctx: AppContext,
  header: string | undefined,
  nsid: string,
): Promise<ProxyTarget | null> {
  if (header) {
    const { did, serviceId } = parseProxyHeader(header);
    const known = configuredServices(ctx).find(([s, id]) => s.did === did && id === serviceId);
    if (known) return { did, serviceId, url: known[0].url };
    const doc = await ctx.identity.dids.resolve(did).catch(() => null);
    if (!doc) throw new InvalidRequestError("could not resolve proxy did");
    const url = serviceEndpoint(doc, serviceId);
    if (!url) throw new InvalidRequestError("could not resolve proxy did service url");
    return { did, serviceId, url };
  }
  const { serviceId, service } = defaultService(ctx, nsid);
  return service ? { did: service.did, serviceId, url: service.url } : null;
}

/** The services configured by URL, with their ids: no DID lookup is needed to reach them. */
function configuredServices(ctx: AppContext): [ServiceRef, string][] {
  const { appView, chat } = ctx.config.network;
  const out: [ServiceRef, string][] = [];
  if (appView) out.push([appView, "bsky_appview"]);
  if (chat) out.push([chat, "bsky_chat"]);
  return out;
}

/** `did#serviceId` of a target, as a header names it. */
export function targetRef(target: ProxyTarget): string {
  return `${target.did}#${target.serviceId}`;
}
