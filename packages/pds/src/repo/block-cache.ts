/** Most-recently-used block bytes by CID string, bounded by total bytes. Shared by every repo. */
export class BlockCache {
  readonly #map = new Map<string, Uint8Array>();
  #bytes = 0;

  constructor(readonly maxBytes: number) {}

  /** The cached bytes, refreshed as most recently used; undefined when absent. */
  get(key: string): Uint8Array | undefined {
    const bytes = this.#map.get(key);
    if (bytes === undefined) return undefined;
    this.#map.delete(key);
    this.#map.set(key, bytes);
    return bytes;
  }

  /** Caches bytes, evicting the least recently used entries past the byte budget. */
  set(key: string, bytes: Uint8Array): void {
    const old = this.#map.get(key);
    if (old !== undefined) {
      this.#bytes -= old.length;
      this.#map.delete(key);
    }
    this.#map.set(key, bytes);
    this.#bytes += bytes.length;
    while (this.#bytes > this.maxBytes) {
      const [oldest, evicted] = this.#map.entries().next().value as [string, Uint8Array];
      this.#map.delete(oldest);
      this.#bytes -= evicted.length;
    }
  }
}
