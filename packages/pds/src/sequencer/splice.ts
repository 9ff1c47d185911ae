// A frame is the stored event body plus `seq` and `time`. Decoding the body and encoding it again cost
// 20–50 µs per small commit event on the dev VM, and a replay does it for every event and subscriber;
// inserting the two entries into the stored bytes costs 5–10 µs. The stored bytes are ours and canonical DAG-CBOR (definite
// lengths, keys sorted), so walking them needs no checks beyond that.

/** [argument, position after the head] of the CBOR head at `pos`. */
function readHead(b: Uint8Array, pos: number): [number, number] {
  const info = b[pos]! & 31;
  if (info < 24) return [info, pos + 1];
  const size = 1 << (info - 24); // 1, 2, 4 or 8 bytes follow
  let n = 0;
  for (let i = 1; i <= size; i++) n = n * 256 + b[pos + i]!;
  return [n, pos + 1 + size];
}

/** The position just after the CBOR item at `pos`. */
function skip(b: Uint8Array, pos: number): number {
  const major = b[pos]! >> 5;
  const [n, next] = readHead(b, pos);
  if (major === 2 || major === 3) return next + n;
  if (major === 6) return skip(b, next);
  if (major !== 4 && major !== 5) return next; // integers and simple values
  let p = next;
  for (let i = 0; i < (major === 5 ? 2 * n : n); i++) p = skip(b, p);
  return p;
}

/** DAG-CBOR's map key order on encoded keys: shorter first, then bytewise. */
function compareKeys(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function mapHead(n: number): Uint8Array {
  if (n < 24) return Uint8Array.of(0xa0 | n);
  if (n < 0x100) return Uint8Array.of(0xb8, n);
  return Uint8Array.of(0xb9, n >> 8, n & 0xff); // an event body never nears 65,536 keys
}

/** A map entry to add: its key and value, each already encoded. */
export interface EncodedEntry {
  key: Uint8Array;
  value: Uint8Array;
}

/**
 * `prefix` then the encoded map `map` with `added` (keys it lacks, in DAG-CBOR key order) inserted
 * where they belong: the same bytes as encoding the merged map, without decoding `map`.
 */
export function spliceMap(prefix: Uint8Array, map: Uint8Array, added: EncodedEntry[]): Uint8Array {
  const [count, start] = readHead(map, 0);
  const parts: Uint8Array[] = [prefix, mapHead(count + added.length)];
  let copied = start;
  let pos = start;
  let next = 0;
  for (let i = 0; i <= count && next < added.length; i++) {
    const keyEnd = i < count ? skip(map, pos) : pos;
    while (
      next < added.length &&
      (i === count || compareKeys(added[next]!.key, map.subarray(pos, keyEnd)) < 0)
    ) {
      parts.push(map.subarray(copied, pos), added[next]!.key, added[next]!.value);
      copied = pos;
      next++;
    }
    if (i < count) pos = skip(map, keyEnd);
  }
  parts.push(map.subarray(copied));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}
