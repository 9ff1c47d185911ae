import { randomBytes } from "node:crypto";
import type { Sql } from "../db/sql.js";
import { DirectoryError } from "./errors.js";

/** The invite code is unknown or used up. */
export class InvalidInviteError extends DirectoryError {
  constructor() {
    super("invite code not available");
  }
}

/** Invite codes of the deployment (taken by Accounts.reserve, in its transaction). */
export class InviteCodes {
  constructor(readonly sql: Sql) {}

  /** A new code good for `uses` accounts, in the reference's `<host>-<random>` shape. */
  async create(hostname: string, uses: number): Promise<string> {
    const code = `${hostname.replaceAll(".", "-")}-${randomBytes(5).toString("hex")}`;
    await this.sql`INSERT INTO invite_code (code, available) VALUES (${code}, ${uses})`;
    return code;
  }
}
