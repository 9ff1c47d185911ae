import { describe, expect, it } from "vitest";
import { LruCache } from "../../src/store/lru-cache.js";

const block = (size: number) => new Uint8Array(size);

describe("LruCache", () => {
  it("evicts the least recently used entries once the weights pass the budget", () => {
    const cache = new LruCache<Uint8Array>(300, (b) => b.length);
    cache.set("a", block(100));
    cache.set("b", block(100));
    cache.set("c", block(100));
    expect(cache.get("a")).toBeDefined(); // a is now the most recent; b the oldest
    cache.set("d", block(100));
    expect(cache.get("b")).toBeUndefined();
    expect(["a", "c", "d"].map((k) => cache.get(k)?.length)).toEqual([100, 100, 100]);
  });

  it("evicts as many entries as a heavy value needs, and replaces a key's weight on set", () => {
    const cache = new LruCache<Uint8Array>(300, (b) => b.length);
    for (const k of ["a", "b", "c"]) cache.set(k, block(100));
    cache.set("a", block(50)); // a shrinks and becomes the most recent
    cache.set("big", block(250));
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("c")).toBeUndefined();
    expect(cache.get("a")?.length).toBe(50);
    expect(cache.get("big")?.length).toBe(250);
  });

  it("keeps serving recent entries through a long churn past capacity", () => {
    const cache = new LruCache<Uint8Array>(1000 * 64, (b) => b.length);
    for (let i = 0; i < 50_000; i++) {
      cache.set(`k${i}`, block(64));
      if (i >= 10) expect(cache.get(`k${i - 10}`)).toBeDefined();
    }
    expect(cache.get("k0")).toBeUndefined();
    expect(cache.get("k49000")).toBeDefined();
  });
});
