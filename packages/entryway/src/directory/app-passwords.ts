import { type AppPasswordInfo, generateAppPassword } from "@putrecord/pds/account/app-passwords.js";
import { AppPasswordExistsError } from "@putrecord/pds/account/errors.js";
import { hashPassword, verifyPassword } from "@putrecord/pds/account/passwords.js";
import { isUniqueViolation, type Sql } from "../db/sql.js";

type Row = { name: string; password_hash: string; privileged: boolean; created_at: Date };
const info = (r: Row): AppPasswordInfo => ({
  name: r.name,
  createdAt: r.created_at.toISOString(),
  privileged: r.privileged,
});

/** Per-account app passwords, as the PDS's (account/app-passwords.ts there), kept in the directory. */
export class AppPasswords {
  constructor(readonly sql: Sql) {}

  /** Creates one; the plain password is returned once and only its hash is kept. */
  async create(
    did: string,
    name: string,
    privileged: boolean,
  ): Promise<AppPasswordInfo & { password: string }> {
    const password = generateAppPassword();
    const hash = await hashPassword(password);
    try {
      const [row] = await this.sql<Row[]>`
        INSERT INTO app_password (did, name, password_hash, privileged) VALUES (${did}, ${name}, ${hash}, ${privileged})
        RETURNING *`;
      return { ...info(row!), password };
    } catch (err) {
      if (isUniqueViolation(err, "app_password_name")) throw new AppPasswordExistsError(name);
      throw err;
    }
  }

  /** The account's app passwords, oldest first. */
  async list(did: string): Promise<AppPasswordInfo[]> {
    const rows = await this.sql<
      Row[]
    >`SELECT * FROM app_password WHERE did = ${did} ORDER BY created_at, name`;
    return rows.map(info);
  }

  /** One app password by name, or null. */
  async get(did: string, name: string): Promise<AppPasswordInfo | null> {
    const [row] = await this.sql<Row[]>`SELECT * FROM app_password WHERE did = ${did} AND name = ${name}`;
    return row ? info(row) : null;
  }

  /** Deletes one and ends its sessions, together. */
  async revoke(did: string, name: string): Promise<void> {
    await this.sql.begin(async (tx) => {
      await tx`DELETE FROM app_password WHERE did = ${did} AND name = ${name}`;
      await tx`DELETE FROM refresh_token WHERE did = ${did} AND app_password_name = ${name}`;
    });
  }

  /** The app password `password` matches, if any. */
  async match(did: string, password: string): Promise<AppPasswordInfo | null> {
    const rows = await this.sql<Row[]>`SELECT * FROM app_password WHERE did = ${did}`;
    for (const row of rows) if (await verifyPassword(password, row.password_hash)) return info(row);
    return null;
  }
}
