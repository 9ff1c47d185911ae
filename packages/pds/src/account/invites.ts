import { randomBytes } from "node:crypto";
import type { Db } from "../db/database.js";

/** Invite codes for servers that require one (PDS_INVITE_REQUIRED): each has a number of uses left. */
export class InviteCodes {
  constructor(readonly db: Db) {}

  /** A new code good for `uses` accounts, in the reference's `<host>-<random>` shape. */
  create(hostname: string, uses: number): string {
    const code = `${hostname.replaceAll(".", "-")}-${randomBytes(5).toString("hex")}`;
    this.db
      .prepare("INSERT INTO invite_code (code, available, created_at) VALUES (?, ?, ?)")
      .run(code, uses, new Date().toISOString());
    return code;
  }

  /** Takes one use of `code`; false when it is unknown or used up. */
  use(code: string | undefined): boolean {
    if (code === undefined) return false;
    return (
      this.db
        .prepare("UPDATE invite_code SET available = available - 1 WHERE code = ? AND available > 0")
        .run(code).changes === 1
    );
  }

  /** Gives back a use taken for an account that was then not created. */
  refund(code: string): void {
    this.db.prepare("UPDATE invite_code SET available = available + 1 WHERE code = ?").run(code);
  }
}
