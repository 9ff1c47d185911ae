// Handles, DIDs and where an account lives: the public entry point of `lib/identity/`.

import { IdentityResolver, type ResolvedIdentity } from "./identity/resolver.js";
import type { ClientSDK } from "./sdks.js";

export { claimedHandle, type DidDocument, pdsEndpoint } from "./identity/did-document.js";
export type { TxtLookup } from "./identity/dns.js";
export * from "./identity/errors.js";
export {
  DEFAULT_IDENTITY_TIMEOUT_MS,
  DEFAULT_PLC_DIRECTORY,
  type IdentityOptions,
  IdentityResolver,
  type ResolvedIdentity,
} from "./identity/resolver.js";

/** A resolver configured by the client's `identity` options, over its HTTP client and server. */
export function identityResolver(client: ClientSDK): IdentityResolver {
  return new IdentityResolver(client._httpClient, client._options.identity, client._baseURL);
}

/** Resolves a handle or DID to its DID, document, PDS and checked handle (see IdentityResolver). */
export function resolveIdentity(client: ClientSDK, identifier: string): Promise<ResolvedIdentity> {
  return identityResolver(client).resolveIdentity(identifier);
}
