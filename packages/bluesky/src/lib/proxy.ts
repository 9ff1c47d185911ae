import { isDid } from "@atcute/lexicons/syntax";
import { InvalidRequestError } from "../models/errors/httpclienterrors.js";

/**
 * Where the PDS should forward a call (the `atproto-proxy` header): a service DID and the id of one of
 * its services, e.g. `did:web:api.bsky.app#bsky_appview`. A string applies to every method outside
 * `com.atproto.*` (those the PDS serves itself); a map applies by NSID prefix, the longest match winning
 * (`{ "app.bsky": "did:web:api.bsky.app#bsky_appview", "chat.bsky": "did:web:api.bsky.chat#bsky_chat" }`).
 */
export type AtprotoProxy = string | Readonly<Record<string, string>>;

/** The setting that applies to `nsid`: the call's own (`null`: none), else the client's. */
function pick(nsid: string, perCall: string | null | undefined, client: AtprotoProxy | undefined) {
  if (perCall !== undefined || client === undefined) return perCall;
  if (typeof client === "string") return nsid.startsWith("com.atproto.") ? undefined : client;
  for (let end = nsid.length; end > 0; end = nsid.lastIndexOf(".", end - 1)) {
    const value = client[nsid.slice(0, end)];
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * The `atproto-proxy` header for a call to `nsid`, checked: a DID, `#`, and a service id. Throws
 * InvalidRequestError naming a malformed value, whether the call's or the client's.
 */
export function proxyFor(
  nsid: string,
  perCall: string | null | undefined,
  client: AtprotoProxy | undefined,
): string | undefined {
  const value = pick(nsid, perCall, client);
  if (value == null) return undefined;
  const hash = value.indexOf("#");
  if (hash > 0 && isDid(value.slice(0, hash)) && /^[\w.~-]+$/.test(value.slice(hash + 1))) return value;
  throw new InvalidRequestError(`atproto-proxy must be <service DID>#<service id>; got ${value}`);
}
