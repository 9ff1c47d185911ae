import { newRefreshId, REFRESH_TOKEN_TTL_S } from "../auth/tokens.js";
import type { Db } from "../db/database.js";

/** How long a rotated refresh token stays usable, so racing or retried refreshes still succeed. */
export const REFRESH_GRACE_MS = 2 * 60 * 60 * 1000;

/** The server-side record of a refresh token. */
export interface RefreshTokenRow {
  id: string;
  did: string;
  app_password_name: string | null;
  expires_at: number;
  next_id: string | null;
}

/** The outcome of a rotation: the id the new refresh token carries, and its app password if any. */
export interface Rotation {
  nextId: string;
  appPasswordName: string | null;
}

/** Refresh tokens by id: a token is live while its row exists and has not expired. */
export class RefreshTokens {
  constructor(readonly db: Db) {}

  /** Records a new refresh token (and drops the account's expired ones). */
  add(id: string, did: string, appPasswordName: string | null, expiresAt: number): void {
    this.db.prepare("DELETE FROM refresh_token WHERE did = ? AND expires_at <= ?").run(did, Date.now());
    this.db
      .prepare(
        `INSERT INTO refresh_token (id, did, app_password_name, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING`,
      )
      .run(id, did, appPasswordName, expiresAt);
  }

  /**
   * Rotates token `id`: it keeps working until the grace period ends, and every use within it yields the
   * same next id. Null when the token is unknown, revoked or past its grace (then it is deleted).
   */
  rotate(id: string, now = Date.now()): Rotation | null {
    return this.db.transaction((): Rotation | null => {
      const row = this.db
        .prepare<[string], RefreshTokenRow>("SELECT * FROM refresh_token WHERE id = ?")
        .get(id);
      if (!row) return null;
      if (row.expires_at <= now) {
        this.revoke(id);
        return null;
      }
      // A successor that is gone was revoked (its session ended): the older token must not bring it back.
      if (row.next_id !== null && this.get(row.next_id) === null) {
        this.revoke(id);
        return null;
      }
      const nextId = row.next_id ?? newRefreshId();
      const graceEnd = Math.min(row.expires_at, now + REFRESH_GRACE_MS);
      this.db
        .prepare("UPDATE refresh_token SET expires_at = ?, next_id = ? WHERE id = ?")
        .run(graceEnd, nextId, id);
      this.add(nextId, row.did, row.app_password_name, now + REFRESH_TOKEN_TTL_S * 1000);
      return { nextId, appPasswordName: row.app_password_name };
    })();
  }

  /**
   * Ends the session the token belongs to: the token, those it was rotated from (each still usable in
   * its grace period, and each would hand out its successor again) and those rotated from it. Revoking
   * an unknown token is not an error.
   */
  revoke(id: string): void {
    this.db
      .prepare(
        `WITH RECURSIVE
           older(id) AS (SELECT ? UNION SELECT t.id FROM refresh_token t JOIN older ON t.next_id = older.id),
           newer(id) AS (SELECT ? UNION SELECT t.next_id FROM refresh_token t JOIN newer ON t.id = newer.id
                         WHERE t.next_id IS NOT NULL)
         DELETE FROM refresh_token WHERE id IN (SELECT id FROM older UNION SELECT id FROM newer)`,
      )
      .run(id, id);
  }

  /** Ends every session made with one app password. */
  revokeForAppPassword(did: string, name: string): void {
    this.db.prepare("DELETE FROM refresh_token WHERE did = ? AND app_password_name = ?").run(did, name);
  }

  /** Sets a token's expiry (tests use it to end a grace period). */
  setExpiry(id: string, expiresAt: number): boolean {
    return (
      this.db.prepare("UPDATE refresh_token SET expires_at = ? WHERE id = ?").run(expiresAt, id).changes === 1
    );
  }

  /** The stored row, or null. */
  get(id: string): RefreshTokenRow | null {
    return (
      this.db.prepare<[string], RefreshTokenRow>("SELECT * FROM refresh_token WHERE id = ?").get(id) ?? null
    );
  }
}
