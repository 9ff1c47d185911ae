/** The longest a move waits for the fan-in to copy the old cell's last event of the account. */
export const COPIED_WAIT_MS = 10_000;

/**
 * Tells a waiting move when this process's fan-in has copied a cell's `#account` event of an account
 * into the stream: the new cell activates the account only after the old cell's deactivation (and so
 * every commit before it) is in the combined firehose, which keeps the account's events in order there.
 */
export class CopiedEvents {
  readonly #waiters = new Map<string, () => void>();

  /** `enabled`: this process runs the fan-in (else a move cannot see the stream's progress and waits for nothing). */
  constructor(readonly enabled: boolean) {}

  /**
   * Resolves once the fan-in copied the next `#account` event of `did` from `cellId` (true), or after
   * `timeoutMs` (false). Call before the event can happen.
   */
  next(cellId: string, did: string, timeoutMs = COPIED_WAIT_MS): Promise<boolean> {
    if (!this.enabled) return Promise.resolve(true);
    const key = `${cellId} ${did}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(key);
        resolve(false);
      }, timeoutMs);
      this.#waiters.set(key, () => {
        clearTimeout(timer);
        this.#waiters.delete(key);
        resolve(true);
      });
    });
  }

  /** Called by the fan-in after each `#account` event it stored. */
  copied(cellId: string, did: string): void {
    this.#waiters.get(`${cellId} ${did}`)?.();
  }
}
