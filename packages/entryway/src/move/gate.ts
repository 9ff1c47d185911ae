/** The longest a request waits for an account's move to finish before it is answered 503 (retry). */
export const MAX_HOLD_MS = 15_000;

/**
 * Holds an account's requests at the entryway for the last phase of a move (move.ts), so no write is
 * acknowledged by the old cell after its final copy and none is sent to the new cell before it holds
 * everything: `hold` closes the account to new requests and resolves once those already passed on
 * have been answered; the returned function opens it again and lets the waiting requests go.
 */
export class MoveGate {
  readonly #held = new Map<string, { released: Promise<void>; release: () => void }>();
  readonly #inFlight = new Map<string, number>();
  readonly #drained = new Map<string, () => void>();

  isHeld(did: string): boolean {
    return this.#held.has(did);
  }

  /** Waits until `did` is let go; false when MAX_HOLD_MS (or `timeoutMs`) passed first. */
  async wait(did: string, timeoutMs = MAX_HOLD_MS): Promise<boolean> {
    const held = this.#held.get(did);
    if (held === undefined) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const out = await Promise.race([held.released.then(() => true as const), timedOut]);
    clearTimeout(timer);
    return out;
  }

  /** Counts a request passed on to `did`'s cell; call the returned function when it is answered. */
  enter(did: string): () => void {
    this.#inFlight.set(did, (this.#inFlight.get(did) ?? 0) + 1);
    return () => {
      const left = (this.#inFlight.get(did) ?? 1) - 1;
      if (left > 0) return void this.#inFlight.set(did, left);
      this.#inFlight.delete(did);
      this.#drained.get(did)?.();
    };
  }

  /** Closes `did` to new requests and waits for those in flight; throws if it is held already. */
  async hold(did: string): Promise<() => void> {
    if (this.#held.has(did)) throw new Error(`account already held; did=${did}`);
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#held.set(did, { released, release });
    if (this.#inFlight.has(did)) {
      await new Promise<void>((resolve) => this.#drained.set(did, resolve));
      this.#drained.delete(did);
    }
    return () => {
      this.#held.delete(did);
      release();
    };
  }
}
