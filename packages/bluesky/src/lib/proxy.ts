import { isDid } from "@atcute/lexicons/syntax";
import { InvalidRequestError } from "../models/errors/httpclienterrors.js";

/**
 * Where the PDS should forward a call (the `atproto-proxy` header): a service DID and the id of one of
 * its services, e.g. `did:web:api.bsky.app#bsky_appview`. A string applies to every method outside
 * `com.atproto.*` (those the PDS serves itself); a map applies by NSID prefix, the longest match winning
 * (`{ "app.bsky": "did:web:api.bsky.app#bsky_appview", "chat.bsky": "did:web:api.bsky.chat#bsky_chat" }`).
 */
export type AtprotoProxy = string | Readonly<Record<string, string>>;

const SERVICE_ID = /^[a-zA-Z0-9._~-]+$/;

/** Checks one `atproto-proxy` value and returns it; throws InvalidRequestError naming it when malformed. */
export function checkProxy(value: string): string {
  const hash = value.indexOf("#");
  const ok = hash > 0 && isDid(value.slice(0, hash)) && SERVICE_ID.test(value.slice(hash + 1));
  if (!ok) {
    throw new InvalidRequestError(
      `atproto-proxy must be a service DID and a service id, such as did:web:api.bsky.app#bsky_appview; got ${value}`,
    );
  }
  return value;
}

/** Checks every value of a client-wide setting, so a typo fails when the client is built. */
export function checkProxySetting(setting: AtprotoProxy | undefined): void {
  if (setting === undefined) return;
  for (const value of typeof setting === "string" ? [setting] : Object.values(setting)) checkProxy(value);
}

/**
 * The `atproto-proxy` header for a call to `nsid`: the call's own setting when it has one (`null` sends
 * none), else the client's. Throws InvalidRequestError for a malformed per-call value.
 */
export function proxyFor(
  nsid: string,
  perCall: string | null | undefined,
  client: AtprotoProxy | undefined,
): string | undefined {
  if (perCall !== undefined) return perCall === null ? undefined : checkProxy(perCall);
  if (client === undefined) return undefined;
  if (typeof client === "string") return nsid.startsWith("com.atproto.") ? undefined : client;
  let best: string | undefined;
  for (const prefix of Object.keys(client)) {
    const matches = nsid === prefix || nsid.startsWith(prefix.endsWith(".") ? prefix : `${prefix}.`);
    if (matches && (best === undefined || prefix.length > best.length)) best = prefix;
  }
  return best === undefined ? undefined : client[best];
}
