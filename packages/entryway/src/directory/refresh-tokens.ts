import { REFRESH_GRACE_MS, type Rotation } from "@putrecord/pds/account/refresh-tokens.js";
import { newRefreshId, REFRESH_TOKEN_TTL_S } from "@putrecord/pds/auth/tokens.js";
import type { Sql } from "../db/sql.js";

type Row = {
  id: string;
  did: string;
  app_password_name: string | null;
  expires_at: Date;
  next_id: string | null;
};

/**
 * Refresh tokens by id, with the PDS's semantics (account/refresh-tokens.ts there): a rotated token stays
 * good for a grace period and keeps yielding the same successor; revoking ends the whole chain.
 */
export class RefreshTokens {
  constructor(readonly sql: Sql) {}

  /** Records a new refresh token (and drops the account's expired ones). */
  async add(id: string, did: string, appPasswordName: string | null, expiresAt: Date): Promise<void> {
    await this.sql`DELETE FROM refresh_token WHERE did = ${did} AND expires_at <= now()`;
    await this.sql`
      INSERT INTO refresh_token (id, did, app_password_name, expires_at)
      VALUES (${id}, ${did}, ${appPasswordName}, ${expiresAt}) ON CONFLICT (id) DO NOTHING`;
  }

  /** Rotates token `id` (see the class comment); null when unknown, revoked or past its grace. */
  async rotate(id: string, now = Date.now()): Promise<Rotation | null> {
    const outcome = await this.sql.begin(async (tx) => {
      // FOR UPDATE: two refreshes racing on one token must agree on its successor.
      const [row] = await tx<Row[]>`SELECT * FROM refresh_token WHERE id = ${id} FOR UPDATE`;
      if (!row || row.expires_at.getTime() <= now) return "revoke" as const;
      if (row.next_id !== null) {
        const [next] = await tx`SELECT 1 FROM refresh_token WHERE id = ${row.next_id}`;
        // A successor that is gone was revoked (its session ended): the older token must not bring it back.
        if (!next) return "revoke" as const;
      }
      const nextId = row.next_id ?? newRefreshId();
      const graceEnd = new Date(Math.min(row.expires_at.getTime(), now + REFRESH_GRACE_MS));
      await tx`UPDATE refresh_token SET expires_at = ${graceEnd}, next_id = ${nextId} WHERE id = ${id}`;
      await tx`
        INSERT INTO refresh_token (id, did, app_password_name, expires_at)
        VALUES (${nextId}, ${row.did}, ${row.app_password_name}, ${new Date(now + REFRESH_TOKEN_TTL_S * 1000)})
        ON CONFLICT (id) DO NOTHING`;
      return { nextId, appPasswordName: row.app_password_name };
    });
    if (outcome !== "revoke") return outcome;
    await this.revoke(id);
    return null;
  }

  /** Ends the session the token belongs to: the token, those it was rotated from and those rotated from it. */
  async revoke(id: string): Promise<void> {
    await this.sql`
      WITH RECURSIVE
        older(id) AS (SELECT ${id}::text UNION SELECT t.id FROM refresh_token t JOIN older ON t.next_id = older.id),
        newer(id) AS (SELECT ${id}::text UNION SELECT t.next_id FROM refresh_token t JOIN newer ON t.id = newer.id
                      WHERE t.next_id IS NOT NULL)
      DELETE FROM refresh_token WHERE id IN (SELECT id FROM older UNION SELECT id FROM newer)`;
  }
}
