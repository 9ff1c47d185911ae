import { Secp256k1Keypair, type Signer } from "@putrecord/repo";
import type { Db } from "../db/database.js";
import { AppPasswords } from "./app-passwords.js";
import { EmailTokens } from "./email-tokens.js";
import { AccountNotFoundError, EmailTakenError, HandleTakenError } from "./errors.js";
import { InviteCodes } from "./invites.js";
import { Preferences } from "./preferences.js";
import { RefreshTokens } from "./refresh-tokens.js";
import { repoSigner } from "./repo-signer.js";

/** An account hosted here, as the rest of the server sees it. */
export interface Account {
  did: string;
  handle: string;
  email?: string;
  takedownRef: string | null;
  deactivatedAt: string | null;
}

/** What is stored when an account is created. */
export interface NewAccount {
  did: string;
  handle: string;
  email?: string;
  passwordHash: string;
  signingKey: Secp256k1Keypair;
  /** The signed did:plc genesis operation, DAG-CBOR (later replaced by each newer operation); null
   * for an account that brought its DID from another server. */
  plcOp: Uint8Array | null;
  /** Set for an account moving in: deactivated until its data and identity are here. */
  deactivatedAt?: string;
}

interface AccountRow {
  did: string;
  handle: string;
  email: string | null;
  takedown_ref: string | null;
  deactivated_at: string | null;
}

const COLUMNS = "did, handle, email, takedown_ref, deactivated_at";
const MAX_CACHED_LOOKUPS = 10_000;

/** Accounts, their keys and credentials, in the server's SQLite file. Synchronous: one query each. */
export class AccountManager {
  readonly refreshTokens: RefreshTokens;
  readonly appPasswords: AppPasswords;
  readonly invites: InviteCodes;
  readonly preferences: Preferences;
  readonly emailTokens: EmailTokens;
  readonly #keys = new Map<string, Signer>();
  /** getAccount's answers by the handle or DID asked; cleared by every change to an account. */
  readonly #lookups = new Map<string, Readonly<Account> | null>();
  readonly #byDid;
  readonly #byHandle;
  readonly #byEmail;

  constructor(readonly db: Db) {
    this.refreshTokens = new RefreshTokens(db);
    this.appPasswords = new AppPasswords(db);
    this.invites = new InviteCodes(db);
    this.preferences = new Preferences(db);
    this.emailTokens = new EmailTokens(db);
    this.#byDid = db.prepare<[string], AccountRow>(`SELECT ${COLUMNS} FROM account WHERE did = ?`);
    this.#byHandle = db.prepare<[string], AccountRow>(`SELECT ${COLUMNS} FROM account WHERE handle = ?`);
    this.#byEmail = db.prepare<[string], AccountRow>(`SELECT ${COLUMNS} FROM account WHERE email = ?`);
  }

  /** The account whose DID is exactly `handleOrDid`, else whose handle is exactly it (as the reference). */
  getAccount(handleOrDid: string): Account | null {
    // Every write looks its account up (status, ownership); rows change only through this class.
    const hit = this.#lookups.get(handleOrDid);
    if (hit !== undefined) return hit;
    const row = handleOrDid.startsWith("did:")
      ? this.#byDid.get(handleOrDid)
      : this.#byHandle.get(handleOrDid);
    const account = row ? Object.freeze(toAccount(row)) : null;
    if (this.#lookups.size >= MAX_CACHED_LOOKUPS) this.#lookups.clear();
    this.#lookups.set(handleOrDid, account);
    return account;
  }

  /** The account with this email (compared lower-case). */
  getAccountByEmail(email: string): Account | null {
    const row = this.#byEmail.get(email.toLowerCase());
    return row ? toAccount(row) : null;
  }

  /** The account a login identifier names: an email when it has an `@`, else a handle or DID (any case). */
  findByIdentifier(identifier: string): Account | null {
    const id = identifier.toLowerCase();
    return id.includes("@") ? this.getAccountByEmail(id) : this.getAccount(id);
  }

  /** Throws HandleTakenError or EmailTakenError when another account already has either. */
  assertAvailable(handle: string, email: string | undefined): void {
    if (this.#byHandle.get(handle)) throw new HandleTakenError(handle);
    if (email !== undefined && this.#byEmail.get(email.toLowerCase())) throw new EmailTakenError(email);
  }

  /**
   * Stores a new account; throws HandleTakenError or EmailTakenError on a clash. Run inside the
   * transaction that also creates its repo (account/create.ts), so neither exists without the other.
   */
  insertAccount(account: NewAccount): void {
    try {
      this.db
        .prepare(
          `INSERT INTO account (did, handle, email, password_hash, signing_key, plc_op, created_at, deactivated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          account.did,
          account.handle,
          account.email?.toLowerCase() ?? null,
          account.passwordHash,
          account.signingKey.export(),
          account.plcOp,
          new Date().toISOString(),
          account.deactivatedAt ?? null,
        );
    } catch (err) {
      const message = (err as Error).message;
      if (message.includes("account.handle")) throw new HandleTakenError(account.handle);
      if (message.includes("account.email")) throw new EmailTakenError(account.email ?? "");
      throw err;
    }
    // A cached "no such handle" must not outlive the insert (were it rolled back, clearing is harmless).
    this.#lookups.clear();
  }

  /** The account's repo signing key (secp256k1), cached after the first read. */
  signingKey(did: string): Signer {
    const cached = this.#keys.get(did);
    if (cached) return cached;
    const raw = this.db.prepare("SELECT signing_key FROM account WHERE did = ?").pluck().get(did) as
      | Buffer
      | undefined;
    if (!raw) throw new AccountNotFoundError(did);
    const key = repoSigner(Secp256k1Keypair.import(new Uint8Array(raw)));
    this.#keys.set(did, key);
    return key;
  }

  /** The account's password hash, for login. */
  passwordHash(did: string): string | null {
    return (
      (this.db.prepare("SELECT password_hash FROM account WHERE did = ?").pluck().get(did) as string) ?? null
    );
  }

  /** Moves the account to a new handle with the did:plc operation that says so; HandleTakenError on a clash. */
  setHandle(did: string, handle: string, plcOp: Uint8Array): void {
    try {
      this.db.prepare("UPDATE account SET handle = ?, plc_op = ? WHERE did = ?").run(handle, plcOp, did);
      this.#lookups.clear();
    } catch (err) {
      if ((err as Error).message.includes("account.handle")) throw new HandleTakenError(handle);
      throw err;
    }
  }

  /** Keeps the account's latest did:plc operation (DAG-CBOR), after it was applied. */
  setPlcOperation(did: string, plcOp: Uint8Array): void {
    const changes = this.db.prepare("UPDATE account SET plc_op = ? WHERE did = ?").run(plcOp, did).changes;
    if (changes === 0) throw new AccountNotFoundError(did);
  }

  /** Replaces the account password (its hash). */
  setPasswordHash(did: string, hash: string): void {
    this.#update("UPDATE account SET password_hash = ? WHERE did = ?", hash, did);
  }

  /** The account's latest signed did:plc operation (DAG-CBOR): the genesis one until the handle changes. */
  plcOperation(did: string): Uint8Array | null {
    const raw = this.db.prepare("SELECT plc_op FROM account WHERE did = ?").pluck().get(did) as Buffer | null;
    return raw ? new Uint8Array(raw) : null;
  }

  /** Applies (`ref`) or lifts (null) a takedown. */
  setTakedown(did: string, ref: string | null): void {
    this.#update("UPDATE account SET takedown_ref = ? WHERE did = ?", ref, did);
  }

  /** Deactivates (a timestamp) or reactivates (null) the account. */
  setDeactivated(did: string, at: string | null): void {
    this.#update("UPDATE account SET deactivated_at = ? WHERE did = ?", at, did);
  }

  #update(sql: string, value: string | null, did: string): void {
    const changes = this.db.prepare(sql).run(value, did).changes;
    this.#lookups.clear();
    if (changes === 0) throw new AccountNotFoundError(did);
  }
}

function toAccount(row: AccountRow): Account {
  const account: Account = {
    did: row.did,
    handle: row.handle,
    takedownRef: row.takedown_ref,
    deactivatedAt: row.deactivated_at,
  };
  if (row.email !== null) account.email = row.email;
  return account;
}
