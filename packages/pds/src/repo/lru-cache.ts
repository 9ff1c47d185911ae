/** Most-recently-used values by key, bounded by the total of their weights. Shared by every repo. */
export class LruCache<V> {
  readonly #map = new Map<string, V>();
  #weight = 0;

  constructor(
    readonly maxWeight: number,
    /** A value's weight, in roughly the bytes it keeps alive. */
    readonly weigh: (value: V) => number,
  ) {}

  /** The cached value, refreshed as most recently used; undefined when absent. */
  get(key: string): V | undefined {
    const value = this.#map.get(key);
    if (value === undefined) return undefined;
    this.#map.delete(key);
    this.#map.set(key, value);
    return value;
  }

  /** Caches a value, evicting the least recently used entries past the weight budget. */
  set(key: string, value: V): void {
    const old = this.#map.get(key);
    if (old !== undefined) {
      this.#weight -= this.weigh(old);
      this.#map.delete(key);
    }
    this.#map.set(key, value);
    this.#weight += this.weigh(value);
    while (this.#weight > this.maxWeight) {
      const [oldest, evicted] = this.#map.entries().next().value as [string, V];
      this.#map.delete(oldest);
      this.#weight -= this.weigh(evicted);
    }
  }
}
