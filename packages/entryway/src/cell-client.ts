import type { SignedPlcOp } from "@putrecord/pds/account/plc.js";
import { CELL_NSID } from "@putrecord/pds/cell/routes.js";
import type { EntrywayTokens } from "./auth/tokens.js";
import type { Cell } from "./directory/cells.js";

/** How long one internal call to a cell may take. */
export const CELL_CALL_TIMEOUT_MS = 15_000;

/** A cell did not answer, or refused; `status` is its HTTP status (0: unreachable). */
export class CellCallError extends Error {
  constructor(
    readonly cell: string,
    readonly nsid: string,
    readonly status: number,
    readonly error: string | undefined,
    message: string,
  ) {
    super(`cell call failed; cell=${cell} nsid=${nsid} status=${status}: ${message}`);
    this.name = "CellCallError";
  }
}

/** The entryway's calls to its cells' internal methods (org.putrecord.cell.*), each with a fresh service token. */
export class CellClient {
  constructor(readonly tokens: EntrywayTokens) {}

  /** A new signing key held by the cell for an account about to be placed there; its did:key. */
  async reserveSigningKey(cell: Cell): Promise<string> {
    const out = (await this.#call(cell, CELL_NSID.reserveSigningKey)) as { signingKey: string };
    return out.signingKey;
  }

  /** The account's row and repo on the cell. */
  async createAccount(
    cell: Cell,
    account: { did: string; handle: string; email?: string; signingKey: string; plcOp: SignedPlcOp },
  ): Promise<void> {
    await this.#call(cell, CELL_NSID.createAccount, account);
  }

  /** Tells the cell of a new handle (it stores it and emits `#identity`). */
  async updateHandle(cell: Cell, did: string, handle: string, plcOp: SignedPlcOp): Promise<void> {
    await this.#call(cell, CELL_NSID.updateHandle, { did, handle, plcOp });
  }

  /**
   * Opens, deactivated, an account moving to the cell (a key it reserved, the DID's current operation);
   * the did:key it will sign with (the one it had, when the account lived there before).
   */
  async importAccount(
    cell: Cell,
    account: { did: string; handle: string; email?: string; signingKey: string; plcOp: SignedPlcOp },
  ): Promise<string> {
    return ((await this.#call(cell, CELL_NSID.importAccount, account)) as { signingKey: string }).signingKey;
  }

  /** Activates an account under the operation naming the cell (the last step of a move, or its undoing). */
  async activateAccount(cell: Cell, did: string, plcOp: SignedPlcOp): Promise<void> {
    await this.#call(cell, CELL_NSID.activateAccount, { did, plcOp });
  }

  /** The repo's status on its cell (public `com.atproto.sync.getRepoStatus`). */
  async repoStatus(cell: Cell, did: string): Promise<{ active: boolean; status?: string }> {
    const url = `${cell.url}/xrpc/com.atproto.sync.getRepoStatus?did=${encodeURIComponent(did)}`;
    return (await this.#fetch(cell, "com.atproto.sync.getRepoStatus", url, { method: "GET" })) as {
      active: boolean;
      status?: string;
    };
  }

  async #call(cell: Cell, nsid: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.tokens.createService(cell.did, nsid)}`,
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    const init = { method: "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) };
    return this.#fetch(cell, nsid, `${cell.url}/xrpc/${nsid}`, init);
  }

  async #fetch(cell: Cell, nsid: string, url: string, init: RequestInit): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(CELL_CALL_TIMEOUT_MS) });
    } catch (err) {
      throw new CellCallError(cell.id, nsid, 0, undefined, (err as Error).message);
    }
    const text = await res.text();
    const body = text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>);
    if (!res.ok) {
      throw new CellCallError(
        cell.id,
        nsid,
        res.status,
        body?.error as string,
        String(body?.message ?? text),
      );
    }
    return body;
  }
}
