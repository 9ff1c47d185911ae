import type { DeviceData, DeviceId, DeviceStore } from "@atproto/oauth-provider/store";
import type { Db } from "../../db/database.js";

interface DeviceRow {
  session_id: string;
  user_agent: string | null;
  ip_address: string;
  last_seen_at: number;
}

/** The browsers that opened the sign-in page (the provider's device cookies), in `oauth_device`. */
export class SqliteDeviceStore implements DeviceStore {
  constructor(private readonly db: Db) {}

  createDevice(deviceId: DeviceId, data: DeviceData): void {
    this.db
      .prepare(
        "INSERT INTO oauth_device (id, session_id, user_agent, ip_address, last_seen_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(deviceId, data.sessionId, data.userAgent, data.ipAddress, data.lastSeenAt.getTime());
  }

  readDevice(deviceId: DeviceId): DeviceData | null {
    const row = this.db
      .prepare<[string], DeviceRow>(
        "SELECT session_id, user_agent, ip_address, last_seen_at FROM oauth_device WHERE id = ?",
      )
      .get(deviceId);
    return row ? toDeviceData(row) : null;
  }

  updateDevice(deviceId: DeviceId, data: Partial<DeviceData>): void {
    const current = this.readDevice(deviceId);
    if (!current) return;
    const next = { ...current, ...data };
    this.db
      .prepare(
        "UPDATE oauth_device SET session_id = ?, user_agent = ?, ip_address = ?, last_seen_at = ? WHERE id = ?",
      )
      .run(next.sessionId, next.userAgent, next.ipAddress, next.lastSeenAt.getTime(), deviceId);
  }

  deleteDevice(deviceId: DeviceId): void {
    // Its signed-in accounts go with it (ON DELETE CASCADE).
    this.db.prepare("DELETE FROM oauth_device WHERE id = ?").run(deviceId);
  }
}

/** A device row as the provider's type. */
export function toDeviceData(row: DeviceRow): DeviceData {
  return {
    sessionId: row.session_id as DeviceData["sessionId"],
    userAgent: row.user_agent,
    ipAddress: row.ip_address,
    lastSeenAt: new Date(row.last_seen_at),
  };
}
