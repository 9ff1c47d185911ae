import type {
  Code,
  FoundRequestResult,
  RequestData,
  RequestId,
  RequestStore,
  UpdateRequestData,
} from "@atproto/oauth-provider/store";
import type { Db } from "../../db/database.js";

interface RequestRow {
  id: string;
  client_id: string;
  client_auth: string | null;
  parameters: string;
  expires_at: number;
  device_id: string | null;
  did: string | null;
  code: string | null;
}

/** Pending authorization requests (from PAR to the code exchange), in `oauth_request`. */
export class SqliteRequestStore implements RequestStore {
  readonly #consume;

  constructor(private readonly db: Db) {
    // One statement reads and deletes: a code can be exchanged once, even by two requests racing.
    this.#consume = db.prepare<[string], RequestRow>("DELETE FROM oauth_request WHERE code = ? RETURNING *");
  }

  createRequest(id: RequestId, data: RequestData): void {
    // Requests live minutes; every new one sweeps the expired (an index keeps it one range delete).
    this.db.prepare("DELETE FROM oauth_request WHERE expires_at < ?").run(Date.now());
    this.db
      .prepare(
        `INSERT INTO oauth_request (id, client_id, client_auth, parameters, expires_at, device_id, did, code)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        data.clientId,
        data.clientAuth === null ? null : JSON.stringify(data.clientAuth),
        JSON.stringify(data.parameters),
        data.expiresAt.getTime(),
        data.deviceId,
        data.did,
        data.code,
      );
  }

  readRequest(id: RequestId): RequestData | null {
    const row = this.db.prepare<[string], RequestRow>("SELECT * FROM oauth_request WHERE id = ?").get(id);
    return row ? toRequestData(row) : null;
  }

  updateRequest(id: RequestId, data: UpdateRequestData): void {
    const current = this.readRequest(id);
    if (!current) return;
    const next = { ...current, ...data };
    this.db
      .prepare(
        "UPDATE oauth_request SET parameters = ?, expires_at = ?, device_id = ?, did = ?, code = ? WHERE id = ?",
      )
      .run(JSON.stringify(next.parameters), next.expiresAt.getTime(), next.deviceId, next.did, next.code, id);
  }

  deleteRequest(id: RequestId): void {
    this.db.prepare("DELETE FROM oauth_request WHERE id = ?").run(id);
  }

  consumeRequestCode(code: Code): FoundRequestResult | null {
    const row = this.#consume.get(code);
    return row ? { requestId: row.id as RequestId, data: toRequestData(row) } : null;
  }
}

function toRequestData(row: RequestRow): RequestData {
  return {
    clientId: row.client_id,
    clientAuth: row.client_auth === null ? null : JSON.parse(row.client_auth),
    parameters: JSON.parse(row.parameters),
    expiresAt: new Date(row.expires_at),
    deviceId: row.device_id as RequestData["deviceId"],
    did: row.did as RequestData["did"],
    code: row.code as RequestData["code"],
  };
}
