import { EmailTakenError, HandleTakenError } from "@putrecord/pds/account/errors.js";
import type { SignedPlcOp } from "@putrecord/pds/account/plc.js";
import { isUniqueViolation, type Sql } from "../db/sql.js";
import { InvalidInviteError } from "./invites.js";

/** An account as the directory knows it: who, which cell, and what signs in. */
export interface DirectoryAccount {
  did: string;
  handle: string;
  email: string | null;
  cellId: string;
  plcOp: SignedPlcOp;
}

/** A sign-up being placed: the row is written before the cell makes the repo, and marked ready after. */
export interface NewDirectoryAccount extends Omit<DirectoryAccount, "email"> {
  email?: string;
  passwordHash: string;
  /** Taken in the same transaction when the deployment requires invites. */
  inviteCode?: string;
}

/** An unfinished sign-up older than this (its entryway died mid-way) gives its handle and email back. */
export const ABANDONED_SIGNUP_MS = 10 * 60_000;

const COLUMNS = "did, handle, email, cell_id, plc_op";
type Row = { did: string; handle: string; email: string | null; cell_id: string; plc_op: SignedPlcOp };
const toAccount = (r: Row): DirectoryAccount => ({
  did: r.did,
  handle: r.handle,
  email: r.email,
  cellId: r.cell_id,
  plcOp: r.plc_op,
});

/** Accounts of every cell: unique handles and emails across the deployment, and each one's cell. */
export class Accounts {
  constructor(readonly sql: Sql) {}

  /** The ready account whose DID, else handle, is exactly `handleOrDid`; null when none. */
  async attempt(handleOrDid: string): Promise<DirectoryAccount | null> {
    const rows = handleOrDid.startsWith("did:")
      ? await this.sql<
          Row[]
        >`SELECT ${this.sql.unsafe(COLUMNS)} FROM account WHERE did = ${handleOrDid} AND ready`
      : await this.sql<
          Row[]
        >`SELECT ${this.sql.unsafe(COLUMNS)} FROM account WHERE handle = ${handleOrDid} AND ready`;
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /** The ready account with this email (lower-case), or null. */
  async attemptByEmail(email: string): Promise<DirectoryAccount | null> {
    const rows = await this.sql<Row[]>`
      SELECT ${this.sql.unsafe(COLUMNS)} FROM account WHERE email = ${email.toLowerCase()} AND ready`;
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /** The account's password hash (scrypt, as the PDS's), or null. */
  async passwordHash(did: string): Promise<string | null> {
    const [row] = await this.sql<
      { password_hash: string }[]
    >`SELECT password_hash FROM account WHERE did = ${did}`;
    return row?.password_hash ?? null;
  }

  /** True when no account holds the handle or email (abandoned sign-ups aside). */
  async available(handle: string, email: string | undefined): Promise<void> {
    const rows = await this.sql<{ handle: string; email: string | null }[]>`
      SELECT handle, email FROM account
      WHERE (handle = ${handle} OR email = ${email?.toLowerCase() ?? null})
        AND (ready OR created_at > now() - ${`${ABANDONED_SIGNUP_MS} milliseconds`}::interval)`;
    if (rows.some((r) => r.handle === handle)) throw new HandleTakenError(handle);
    if (rows.length > 0) throw new EmailTakenError(email ?? "");
  }

  /**
   * Writes a sign-up, not yet ready, in one transaction with its invite use and its cell's count;
   * throws HandleTakenError, EmailTakenError or InvalidInviteError.
   */
  async reserve(account: NewDirectoryAccount): Promise<void> {
    const email = account.email?.toLowerCase() ?? null;
    try {
      await this.sql.begin(async (tx) => {
        await tx`
          DELETE FROM account WHERE NOT ready AND (handle = ${account.handle} OR email = ${email})
            AND created_at <= now() - ${`${ABANDONED_SIGNUP_MS} milliseconds`}::interval`;
        if (account.inviteCode !== undefined) {
          const used = await tx`
            UPDATE invite_code SET available = available - 1 WHERE code = ${account.inviteCode} AND available > 0`;
          if (used.count !== 1) throw new InvalidInviteError();
        }
        await tx`
          INSERT INTO account (did, handle, email, password_hash, cell_id, plc_op)
          VALUES (${account.did}, ${account.handle}, ${email}, ${account.passwordHash}, ${account.cellId},
                  ${tx.json(account.plcOp as never)})`;
        await tx`UPDATE cell SET accounts = accounts + 1 WHERE id = ${account.cellId}`;
      });
    } catch (err) {
      if (isUniqueViolation(err, "account_handle")) throw new HandleTakenError(account.handle);
      if (isUniqueViolation(err, "account_email")) throw new EmailTakenError(email ?? "");
      throw err;
    }
  }

  /** The cell made the repo: the account can sign in and be routed to. */
  async markReady(did: string): Promise<void> {
    await this.sql`UPDATE account SET ready = true WHERE did = ${did}`;
  }

  /** Undoes a reserve whose cell refused or failed: the row, its invite use and its cell's count. */
  async abandon(account: NewDirectoryAccount): Promise<void> {
    await this.sql.begin(async (tx) => {
      const gone = await tx`DELETE FROM account WHERE did = ${account.did} AND NOT ready`;
      if (gone.count === 0) return;
      await tx`UPDATE cell SET accounts = accounts - 1 WHERE id = ${account.cellId}`;
      if (account.inviteCode !== undefined) {
        await tx`UPDATE invite_code SET available = available + 1 WHERE code = ${account.inviteCode}`;
      }
    });
  }

  /** A new handle and the did:plc operation naming it; HandleTakenError on a clash. */
  async setHandle(did: string, handle: string, plcOp: SignedPlcOp): Promise<void> {
    try {
      await this
        .sql`UPDATE account SET handle = ${handle}, plc_op = ${this.sql.json(plcOp as never)} WHERE did = ${did}`;
    } catch (err) {
      if (isUniqueViolation(err, "account_handle")) throw new HandleTakenError(handle);
      throw err;
    }
  }

  /**
   * The account now lives on `to`, under the operation naming it there (one transaction with both
   * cells' counts); false when it was not on `from` (moved meanwhile), and nothing changes.
   */
  async moveTo(did: string, from: string, to: string, plcOp: SignedPlcOp): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      const moved = await tx`
        UPDATE account SET cell_id = ${to}, plc_op = ${tx.json(plcOp as never)}
        WHERE did = ${did} AND cell_id = ${from}`;
      if (moved.count !== 1) return false;
      await tx`UPDATE cell SET accounts = accounts - 1 WHERE id = ${from}`;
      await tx`UPDATE cell SET accounts = accounts + 1 WHERE id = ${to}`;
      return true;
    });
  }
}
