import type { AuthorizedClients, DeviceAccount, DeviceId, Did } from "@atproto/oauth-provider/store";
import type { AccountManager } from "../../account/manager.js";
import type { Db } from "../../db/database.js";
import { providerAccount } from "./account.js";
import { toDeviceData } from "./devices.js";

interface DeviceAccountRow {
  device_id: string;
  did: string;
  created_at: number;
  updated_at: number;
  session_id: string;
  user_agent: string | null;
  ip_address: string;
  last_seen_at: number;
}

const SELECT = `SELECT da.device_id, da.did, da.created_at, da.updated_at,
  d.session_id, d.user_agent, d.ip_address, d.last_seen_at
  FROM oauth_device_account da JOIN oauth_device d ON d.id = da.device_id`;

/** Which accounts are signed in on which browser, and which clients each account approved. */
export class DeviceAccounts {
  constructor(
    private readonly db: Db,
    private readonly accounts: AccountManager,
    private readonly serviceDid: string,
  ) {}

  /** Signs `did` in on the device, or renews the sign-in (its time decides when to ask again). */
  upsert(deviceId: DeviceId, did: Did): void {
    const now = Date.now();
    this.db
      .prepare(
        `INSERT INTO oauth_device_account (device_id, did, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (device_id, did) DO UPDATE SET updated_at = excluded.updated_at`,
      )
      .run(deviceId, did, now, now);
  }

  /** The sign-in of `did` on the device, or null (also when the account is gone or taken down). */
  get(deviceId: DeviceId, did: Did): DeviceAccount | null {
    const row = this.db
      .prepare<[string, string], DeviceAccountRow>(`${SELECT} WHERE da.device_id = ? AND da.did = ?`)
      .get(deviceId, did);
    return row ? this.#toDeviceAccount(row) : null;
  }

  remove(deviceId: DeviceId, did: Did): void {
    this.db.prepare("DELETE FROM oauth_device_account WHERE device_id = ? AND did = ?").run(deviceId, did);
  }

  list(filter: { did: Did } | { deviceId: DeviceId }): DeviceAccount[] {
    const rows =
      "did" in filter
        ? this.db.prepare<[string], DeviceAccountRow>(`${SELECT} WHERE da.did = ?`).all(filter.did)
        : this.db
            .prepare<[string], DeviceAccountRow>(`${SELECT} WHERE da.device_id = ?`)
            .all(filter.deviceId);
    return rows.map((row) => this.#toDeviceAccount(row)).filter((found) => found !== null);
  }

  /** Records the scopes `did` approved for `clientId` (the next request for no more skips consent). */
  setAuthorizedClient(did: Did, clientId: string, data: { authorizedScopes: readonly string[] }): void {
    this.db
      .prepare(
        `INSERT INTO oauth_authorized_client (did, client_id, data) VALUES (?, ?, ?)
         ON CONFLICT (did, client_id) DO UPDATE SET data = excluded.data`,
      )
      .run(did, clientId, JSON.stringify(data));
  }

  /** Every client `did` approved, with the scopes it approved. */
  authorizedClients(did: string): AuthorizedClients {
    const rows = this.db
      .prepare<[string], { client_id: string; data: string }>(
        "SELECT client_id, data FROM oauth_authorized_client WHERE did = ?",
      )
      .all(did);
    return new Map(rows.map((row) => [row.client_id, JSON.parse(row.data)]));
  }

  #toDeviceAccount(row: DeviceAccountRow): DeviceAccount | null {
    const account = this.accounts.getAccount(row.did);
    if (!account || account.takedownRef !== null) return null;
    return {
      deviceId: row.device_id as DeviceId,
      deviceData: toDeviceData(row),
      account: providerAccount(account, this.serviceDid),
      authorizedClients: this.authorizedClients(row.did),
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
    };
  }
}
