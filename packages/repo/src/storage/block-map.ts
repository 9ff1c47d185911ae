import type { Cid } from "../cid.js";

/** Blocks keyed by CID (by its string form, which Cid caches). Insertion order is kept. */
export class BlockMap implements Iterable<[Cid, Uint8Array]> {
  readonly #map = new Map<string, [Cid, Uint8Array]>();
  #byteSize = 0;

  /** Adds or replaces a block. */
  set(cid: Cid, bytes: Uint8Array): this {
    const key = cid.key;
    const old = this.#map.get(key);
    if (old) this.#byteSize -= old[1].length;
    this.#map.set(key, [cid, bytes]);
    this.#byteSize += bytes.length;
    return this;
  }

  /** The block's bytes, or null. */
  get(cid: Cid): Uint8Array | null {
    return this.#map.get(cid.key)?.[1] ?? null;
  }

  /** True when the block is present. */
  has(cid: Cid): boolean {
    return this.#map.has(cid.key);
  }

  /** Removes a block if present. */
  delete(cid: Cid): void {
    const key = cid.key;
    const old = this.#map.get(key);
    if (!old) return;
    this.#byteSize -= old[1].length;
    this.#map.delete(key);
  }

  /** Adds every block of `other`. */
  addMap(other: BlockMap): this {
    for (const [cid, bytes] of other) this.set(cid, bytes);
    return this;
  }

  /** Number of blocks. */
  get size(): number {
    return this.#map.size;
  }

  /** Sum of the blocks' byte lengths (for event-size limits). */
  get byteSize(): number {
    return this.#byteSize;
  }

  /** The CIDs, in insertion order. */
  cids(): Cid[] {
    return Array.from(this.#map.values(), (e) => e[0]);
  }

  /** Iterates [cid, bytes] in insertion order. */
  *[Symbol.iterator](): Iterator<[Cid, Uint8Array]> {
    for (const entry of this.#map.values()) yield entry;
  }
}

/** A set of CIDs, compared by value. */
export class CidSet implements Iterable<Cid> {
  readonly #map = new Map<string, Cid>();

  constructor(cids: Iterable<Cid> = []) {
    for (const cid of cids) this.add(cid);
  }

  /** Adds a CID. */
  add(cid: Cid): this {
    this.#map.set(cid.key, cid);
    return this;
  }

  /** Removes a CID if present. */
  delete(cid: Cid): void {
    this.#map.delete(cid.key);
  }

  /** True when the CID is in the set. */
  has(cid: Cid): boolean {
    return this.#map.has(cid.key);
  }

  /** Number of CIDs. */
  get size(): number {
    return this.#map.size;
  }

  /** The CIDs, in insertion order. */
  toArray(): Cid[] {
    return [...this.#map.values()];
  }

  /** Iterates the CIDs in insertion order. */
  [Symbol.iterator](): Iterator<Cid> {
    return this.#map.values();
  }
}
