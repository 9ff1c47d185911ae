import type { OAuthProviderOptions } from "@atproto/oauth-provider/provider";
import type { AccountManager } from "../../account/manager.js";
import type { Db } from "../../db/database.js";
import { OAuthAccountStore } from "./accounts.js";
import { DeviceAccounts } from "./device-accounts.js";
import { SqliteDeviceStore } from "./devices.js";
import { SqliteLexiconStore } from "./lexicons.js";
import { SqliteRequestStore } from "./requests.js";
import { SqliteTokenStore } from "./tokens.js";

/**
 * Every store the provider needs, on the server's SQLite file. Replay protection (DPoP `jti`, client
 * assertions, PKCE challenges) stays in the provider's memory store: one process serves this PDS.
 */
export function sqliteOAuthStores(db: Db, accounts: AccountManager, serviceDid: string) {
  const devices = new DeviceAccounts(db, accounts, serviceDid);
  return {
    accountStore: new OAuthAccountStore(accounts, devices, serviceDid),
    deviceStore: new SqliteDeviceStore(db),
    lexiconStore: new SqliteLexiconStore(db),
    requestStore: new SqliteRequestStore(db),
    tokenStore: new SqliteTokenStore(db, accounts, serviceDid),
  } satisfies Partial<OAuthProviderOptions>;
}
