/** The longest a move waits for the fan-in to copy the old cell's last commit of the account. */
export const COPIED_WAIT_MS = 10_000;
/** Accounts whose last copied rev is remembered (the oldest forgotten first). */
export const MAX_REMEMBERED = 100_000;
const POLL_MS = 20;

/**
 * What this process's fan-in has copied into the stream: the last rev of each account's repo per cell.
 * A move activates the account on its new cell only once the old cell's last commit is in the
 * combined firehose, which keeps the account's events in order there.
 */
export class CopiedEvents {
  readonly #revs = new Map<string, string>();

  /** `enabled`: this process runs the fan-in (else a move cannot see the stream's progress and waits for nothing). */
  constructor(readonly enabled: boolean) {}

  /** Called by the fan-in after it stored a `#commit` or `#sync` event. */
  copied(cellId: string, did: string, rev: string): void {
    const key = `${cellId} ${did}`;
    this.#revs.delete(key);
    if (this.#revs.size >= MAX_REMEMBERED) this.#revs.delete(this.#revs.keys().next().value!);
    this.#revs.set(key, rev);
  }

  /** True once the fan-in copied `did`'s commit `rev` (or a later one) from `cellId`; false after `timeoutMs`. */
  async reached(cellId: string, did: string, rev: string, timeoutMs = COPIED_WAIT_MS): Promise<boolean> {
    if (!this.enabled) return true;
    const until = Date.now() + timeoutMs;
    for (;;) {
      const copied = this.#revs.get(`${cellId} ${did}`);
      if (copied !== undefined && copied >= rev) return true;
      if (Date.now() >= until) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
