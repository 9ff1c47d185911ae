import { Secp256k1Keypair } from "@putrecord/repo";

/** How long a reserved key waits for its account: the entryway's sign-up takes well under a second. */
export const RESERVATION_TTL_MS = 10 * 60_000;
/** Reservations held at once; the oldest goes first (an entryway retrying in a loop cannot grow it). */
export const MAX_RESERVATIONS = 10_000;

/**
 * Signing keys made for accounts the entryway is placing here, before their DID exists (the DID is the
 * hash of a genesis operation that names the key). Kept in memory only: a cell restarted between the two
 * calls just makes the entryway start that sign-up again, and no private key ever leaves the cell.
 */
export class SigningKeyReservations {
  readonly #keys = new Map<string, { key: Secp256k1Keypair; at: number }>();

  /** A new key, held under its did:key. */
  reserve(now = Date.now()): Secp256k1Keypair {
    for (const [did, entry] of this.#keys) {
      if (this.#keys.size < MAX_RESERVATIONS && now - entry.at < RESERVATION_TTL_MS) break;
      this.#keys.delete(did);
    }
    const key = Secp256k1Keypair.create();
    this.#keys.set(key.did(), { key, at: now });
    return key;
  }

  /** Takes the key reserved under `didKey` (it can be taken once), or null. */
  take(didKey: string, now = Date.now()): Secp256k1Keypair | null {
    const entry = this.#keys.get(didKey);
    if (entry === undefined) return null;
    this.#keys.delete(didKey);
    return now - entry.at < RESERVATION_TTL_MS ? entry.key : null;
  }
}
