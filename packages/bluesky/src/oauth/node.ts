// OAuth sign-in for Node apps (`bluesky/oauth/node.js`), on @atproto/oauth-client-node. A separate
// entry point: apps that do not use OAuth never load the OAuth client libraries.
import {
  buildAtprotoLoopbackClientMetadata,
  NodeOAuthClient,
  type NodeOAuthClientOptions,
  requestLocalLock,
} from "@atproto/oauth-client-node";

export { OAuthSessionError } from "./errors.js";
export { attachOAuthSession, OAuthSessionHandler, type OAuthSessionLike } from "./session.js";
export { completeOAuthSignIn, type OAuthClientLike, restoreOAuthSession } from "./sign-in.js";

/** The scopes a client asks for unless told: the atproto profile and app-password-like access. */
export const DEFAULT_SCOPE = "atproto transition:generic";

/** A store in memory, for the client's pending sign-ins and sessions (scripts, CLIs, tests). */
export function memoryStore<V>(): {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  del(key: string): void;
} {
  const map = new Map<string, V>();
  return {
    get: (key) => map.get(key),
    set: (key, value) => void map.set(key, value),
    del: (key) => void map.delete(key),
  };
}

/** Options of `loopbackOAuthClient`: where the browser comes back to, and any NodeOAuthClient option. */
export type LoopbackClientOptions = Omit<Partial<NodeOAuthClientOptions>, "clientMetadata"> & {
  /** An `http://127.0.0.1:<port>/<path>` URL this program listens on. */
  redirectUri: string;
  scope?: string;
};

/**
 * A development ("loopback") client: nothing to publish, the authorization server reads what it needs
 * from the client_id (`http://localhost?redirect_uri=…&scope=…`, the atproto profile's exception for
 * local tools; the library builds it). Sessions and pending sign-ins are kept in memory unless stores
 * are given.
 */
export function loopbackOAuthClient(options: LoopbackClientOptions): NodeOAuthClient {
  const { redirectUri, scope = DEFAULT_SCOPE, ...rest } = options;
  return new NodeOAuthClient({
    stateStore: memoryStore(),
    sessionStore: memoryStore(),
    requestLock: requestLocalLock,
    ...rest,
    clientMetadata: buildAtprotoLoopbackClientMetadata({ scope, redirect_uris: [redirectUri] }),
  });
}
