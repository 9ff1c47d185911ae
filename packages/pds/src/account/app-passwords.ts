import { randomInt } from "node:crypto";
import type { Db } from "../db/database.js";
import { AppPasswordExistsError } from "./errors.js";
import { hashPassword, verifyPassword } from "./passwords.js";

/** An app password as listed (never with its secret). */
export interface AppPasswordInfo {
  name: string;
  createdAt: string;
  privileged: boolean;
}

interface Row {
  name: string;
  password_hash: string;
  privileged: number;
  created_at: string;
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** A new app password in the reference's shape: four groups of four, `xxxx-xxxx-xxxx-xxxx`. */
export function generateAppPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = "";
    for (let i = 0; i < 4; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join("-");
}

/** Per-account app passwords: limited sessions that can be revoked one by one. */
export class AppPasswords {
  constructor(readonly db: Db) {}

  /** Creates one; the plain password is returned once and only its hash is kept. */
  async create(
    did: string,
    name: string,
    privileged: boolean,
  ): Promise<AppPasswordInfo & { password: string }> {
    const password = generateAppPassword();
    const hash = await hashPassword(password);
    const createdAt = new Date().toISOString();
    try {
      this.db
        .prepare(
          "INSERT INTO app_password (did, name, password_hash, privileged, created_at) VALUES (?, ?, ?, ?, ?)",
        )
        .run(did, name, hash, privileged ? 1 : 0, createdAt);
    } catch (err) {
      if ((err as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY")
        throw new AppPasswordExistsError(name);
      throw err;
    }
    return { name, password, createdAt, privileged };
  }

  /** The account's app passwords, oldest first. */
  list(did: string): AppPasswordInfo[] {
    const rows = this.db
      .prepare<[string], Row>("SELECT * FROM app_password WHERE did = ? ORDER BY created_at, name")
      .all(did);
    return rows.map((r) => ({ name: r.name, createdAt: r.created_at, privileged: r.privileged === 1 }));
  }

  /** One app password by name, or null. */
  get(did: string, name: string): AppPasswordInfo | null {
    const r = this.db
      .prepare<[string, string], Row>("SELECT * FROM app_password WHERE did = ? AND name = ?")
      .get(did, name);
    return r ? { name: r.name, createdAt: r.created_at, privileged: r.privileged === 1 } : null;
  }

  /** Deletes one; its sessions are ended by the caller in the same step (see revokeAppPassword). */
  delete(did: string, name: string): void {
    this.db.prepare("DELETE FROM app_password WHERE did = ? AND name = ?").run(did, name);
  }

  /** The app password `password` matches, if any. */
  async match(did: string, password: string): Promise<AppPasswordInfo | null> {
    const rows = this.db.prepare<[string], Row>("SELECT * FROM app_password WHERE did = ?").all(did);
    for (const row of rows) {
      if (await verifyPassword(password, row.password_hash)) {
        return { name: row.name, createdAt: row.created_at, privileged: row.privileged === 1 };
      }
    }
    return null;
  }
}
