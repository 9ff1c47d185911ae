import { LRUCache } from "lru-cache";

/**
 * Most-recently-used values by key, bounded by the total of their weights. Shared by every repo.
 * Backed by the lru-cache package, whose eviction is O(1): the Map-order LRU this replaced took the
 * oldest entry with `map.entries().next()`, which V8 answers by walking the deleted slots at the
 * front of the table, so once full every set got slower until the next rehash (a 64 MB cache of
 * 300-byte blocks: 5 → 17–63 µs per set and get).
 */
export class LruCache<V extends object> {
  readonly #lru: LRUCache<string, V>;

  constructor(
    maxWeight: number,
    /** A value's weight, in roughly the bytes it keeps alive. */
    weigh: (value: V) => number,
  ) {
    this.#lru = new LRUCache<string, V>({
      maxSize: maxWeight,
      sizeCalculation: (value) => Math.max(1, weigh(value)),
    });
  }

  /** The cached value, refreshed as most recently used; undefined when absent. */
  get(key: string): V | undefined {
    return this.#lru.get(key);
  }

  /** Caches a value, evicting the least recently used entries past the weight budget. */
  set(key: string, value: V): void {
    this.#lru.set(key, value);
  }
}
