import type { Sql } from "../db/sql.js";
import { NoCellError, UnknownCellError } from "./errors.js";

/** A PDS cell: where it answers, the DID its tokens are for, and how many accounts it holds. */
export interface Cell {
  id: string;
  url: string;
  did: string;
  accepting: boolean;
  accounts: number;
}

/** The service DID a PDS gives itself (`did:web:<hostname>`), as the cell's config does. */
export function cellDid(url: string): string {
  return `did:web:${new URL(url).hostname}`;
}

/** The cells of the deployment, registered by URL; read often, changed by admins only. */
export class Cells {
  #byId = new Map<string, Cell>();

  constructor(readonly sql: Sql) {}

  /** Adds cells not yet known (their id is their position in `urls` at first registration: c1, c2, …). */
  async register(urls: string[]): Promise<Cell[]> {
    for (const raw of urls) {
      const url = raw.replace(/\/+$/, "");
      await this.sql`
        INSERT INTO cell (id, url, did)
        SELECT 'c' || (count(*) + 1), ${url}, ${cellDid(url)} FROM cell
        ON CONFLICT (url) DO NOTHING`;
    }
    return this.load();
  }

  /** Reads every cell into the in-memory table the router uses. */
  async load(): Promise<Cell[]> {
    const rows = await this.sql<Cell[]>`SELECT id, url, did, accepting, accounts FROM cell ORDER BY id`;
    this.#byId = new Map(rows.map((c) => [c.id, c]));
    return rows;
  }

  /** A cell by id, from the table loaded at start (cells are few and change rarely); throws UnknownCellError. */
  get(id: string): Cell {
    const cell = this.#byId.get(id);
    if (cell === undefined) throw new UnknownCellError(id);
    return cell;
  }

  /** Every cell known to this process. */
  all(): Cell[] {
    return [...this.#byId.values()];
  }

  /** Where a new account goes: the cell an admin pinned its handle to, else the accepting cell with fewest accounts. */
  async place(handle: string): Promise<Cell> {
    const [row] = await this.sql<{ id: string }[]>`
      SELECT coalesce(
        (SELECT cell_id FROM placement_pin WHERE handle = ${handle}),
        (SELECT id FROM cell WHERE accepting ORDER BY accounts, id LIMIT 1)
      ) AS id`;
    if (!row?.id) throw new NoCellError();
    // A cell registered by another entryway since this one loaded the table.
    if (!this.#byId.has(row.id)) await this.load();
    return this.get(row.id);
  }

  /** Pins a future account's handle to a cell (admin); throws UnknownCellError. */
  async pin(handle: string, cellId: string): Promise<void> {
    this.get(cellId);
    await this.sql`
      INSERT INTO placement_pin (handle, cell_id) VALUES (${handle}, ${cellId})
      ON CONFLICT (handle) DO UPDATE SET cell_id = excluded.cell_id`;
  }

  /** Opens or closes a cell to new accounts (admin); throws UnknownCellError. */
  async setAccepting(cellId: string, accepting: boolean): Promise<void> {
    const rows = await this.sql`UPDATE cell SET accepting = ${accepting} WHERE id = ${cellId}`;
    if (rows.count === 0) throw new UnknownCellError(cellId);
    await this.load();
  }
}
