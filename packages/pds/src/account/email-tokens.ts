import { randomBytes } from "node:crypto";
import type { Db } from "../db/database.js";
import { AccountError } from "./errors.js";

/** What a one-time code is for. */
export type EmailTokenPurpose = "plc_operation";

/** How long a code stays good (the reference's fifteen minutes). */
export const EMAIL_TOKEN_TTL_MS = 15 * 60_000;

/** The code does not match the account's live code for that purpose. */
export class EmailTokenInvalidError extends AccountError {
  constructor() {
    super("email token invalid");
  }
}

/** The code matched but is older than EMAIL_TOKEN_TTL_MS. */
export class EmailTokenExpiredError extends AccountError {
  constructor() {
    super("email token expired");
  }
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

/** One-time codes sent to an account's email: one live code per purpose, used once. */
export class EmailTokens {
  constructor(readonly db: Db) {}

  /** A new code for `purpose` (replacing any earlier one), in the reference's `xxxxx-xxxxx` shape. */
  create(did: string, purpose: EmailTokenPurpose): string {
    const chars = Array.from(randomBytes(10), (b) => ALPHABET[b % 32]).join("");
    const token = `${chars.slice(0, 5)}-${chars.slice(5)}`;
    this.db
      .prepare(
        `INSERT INTO email_token (did, purpose, token, requested_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (did, purpose) DO UPDATE SET token = excluded.token, requested_at = excluded.requested_at`,
      )
      .run(did, purpose, token, Date.now());
    return token;
  }

  /** Checks `token` and removes it; throws EmailTokenInvalidError or EmailTokenExpiredError. */
  consume(did: string, purpose: EmailTokenPurpose, token: string): void {
    const row = this.db
      .prepare("SELECT token, requested_at FROM email_token WHERE did = ? AND purpose = ?")
      .get(did, purpose) as { token: string; requested_at: number } | undefined;
    if (row === undefined || row.token !== token.trim().toLowerCase()) throw new EmailTokenInvalidError();
    this.db.prepare("DELETE FROM email_token WHERE did = ? AND purpose = ?").run(did, purpose);
    if (Date.now() - row.requested_at > EMAIL_TOKEN_TTL_MS) throw new EmailTokenExpiredError();
  }
}
