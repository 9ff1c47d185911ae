import type { Sql } from "../db/sql.js";
import { Accounts } from "./accounts.js";
import { AppPasswords } from "./app-passwords.js";
import { Cells } from "./cells.js";
import { InviteCodes } from "./invites.js";
import { Locator } from "./locator.js";
import { RefreshTokens } from "./refresh-tokens.js";

/** The deployment's global state in PostgreSQL, one class per table. */
export class Directory {
  readonly accounts: Accounts;
  readonly cells: Cells;
  readonly refreshTokens: RefreshTokens;
  readonly appPasswords: AppPasswords;
  readonly invites: InviteCodes;
  /** Which cell holds a repo, cached for routing. */
  readonly locator: Locator;

  constructor(sql: Sql) {
    this.accounts = new Accounts(sql);
    this.cells = new Cells(sql);
    this.refreshTokens = new RefreshTokens(sql);
    this.appPasswords = new AppPasswords(sql);
    this.invites = new InviteCodes(sql);
    this.locator = new Locator(this.accounts, this.cells);
  }
}
