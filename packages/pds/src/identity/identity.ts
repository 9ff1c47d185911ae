import type { AccountManager } from "../account/manager.js";
import { decodePlcOp, didDocument } from "../account/plc.js";
import type { ServerConfig } from "../config.js";
import { DidResolver } from "./did-resolver.js";
import { HandleResolver } from "./handle-resolver.js";
import { PlcClient } from "./plc-client.js";

/** Everything that looks identities up in the network: DIDs, handles and the PLC directory. */
export interface Identity {
  dids: DidResolver;
  handles: HandleResolver;
  /** The configured PLC directory; null offline (did:plc operations then stay local). */
  plc: PlcClient | null;
}

/** Builds the resolvers from the configuration. */
export function createIdentity(config: ServerConfig, accounts: AccountManager): Identity {
  const { identity, ssrfProtection } = config.network;
  return {
    dids: new DidResolver({
      plcUrl: config.plcUrl,
      timeoutMs: identity.resolverTimeoutMs,
      ssrfProtection,
      localDocument: (did) => {
        const op = accounts.plcOperation(did);
        return op === null ? null : didDocument(did, decodePlcOp(op));
      },
    }),
    handles: new HandleResolver({
      timeoutMs: identity.resolverTimeoutMs,
      nameservers: identity.handleNameservers,
      backupNameservers: identity.handleBackupNameservers,
      ssrfProtection,
    }),
    plc: config.plcUrl === undefined ? null : new PlcClient(config.plcUrl, identity.resolverTimeoutMs),
  };
}
