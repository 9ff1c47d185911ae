// Small byte arrays are carved from a shared 16 KB slab, as Node pools small Buffers: an ArrayBuffer
// per CID or block costs more than the work that makes it, and stores keep many thousands of them.
// Regions are never reused, so a slab lives as long as any array carved from it.
const SLAB_SIZE = 16 * 1024;
const POOLED_MAX = 2 * 1024;
let slab = new Uint8Array(SLAB_SIZE);
let used = 0;

/** A new zero-filled array of `length` bytes, from the shared slab when small. */
export function allocBytes(length: number): Uint8Array {
  if (length > POOLED_MAX) return new Uint8Array(length);
  if (used + length > SLAB_SIZE) {
    slab = new Uint8Array(SLAB_SIZE);
    used = 0;
  }
  const out = slab.subarray(used, used + length);
  // 8-byte alignment keeps DataViews over pooled arrays on aligned offsets.
  used = (used + length + 7) & ~7;
  return out;
}

/** A copy of `bytes` that owns no memory shared with the source. */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  const out = allocBytes(bytes.length);
  out.set(bytes);
  return out;
}
