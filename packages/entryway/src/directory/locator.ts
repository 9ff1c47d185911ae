import type { Accounts } from "./accounts.js";
import type { Cell, Cells } from "./cells.js";

/** Lookups kept (by handle or DID), and how long: a moved account is found again within this time. */
export const LOCATOR_CACHE = { max: 100_000, ttlMs: 30_000 };

/** Where a repo lives: its DID and its cell. */
export interface Location {
  did: string;
  cell: Cell;
}

/**
 * Finds the cell of a handle or DID for routing, with a small cache in front of PostgreSQL: every
 * request for a repo asks, and accounts change cell only when an admin moves them. While PostgreSQL
 * is down, cached accounts keep being routed.
 */
export class Locator {
  readonly #cache = new Map<string, { at: number; location: Location | null }>();

  constructor(
    readonly accounts: Accounts,
    readonly cells: Cells,
  ) {}

  /** The repo's location, or null when no ready account has this handle or DID. */
  async locate(handleOrDid: string, now = Date.now()): Promise<Location | null> {
    const hit = this.#cache.get(handleOrDid);
    if (hit !== undefined && now - hit.at < LOCATOR_CACHE.ttlMs) return hit.location;
    const account = await this.accounts.attempt(handleOrDid);
    const location = account === null ? null : { did: account.did, cell: this.cells.get(account.cellId) };
    if (this.#cache.size >= LOCATOR_CACHE.max) this.#cache.clear();
    this.#cache.set(handleOrDid, { at: now, location });
    return location;
  }

  /** Forgets what this process knew of an account (after a handle change or a move). */
  forget(...keys: string[]): void {
    for (const key of keys) this.#cache.delete(key);
  }
}
