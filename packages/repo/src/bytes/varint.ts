/** Length in bytes of the unsigned LEB128 varint for `value`. */
export function varintLength(value: number): number {
  let n = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    n++;
  }
  return n;
}

/** Writes `value` as an unsigned LEB128 varint at `offset`; returns the offset after it. */
export function writeVarint(value: number, out: Uint8Array, offset: number): number {
  while (value >= 0x80) {
    out[offset++] = (value & 0x7f) | 0x80;
    value = Math.floor(value / 128);
  }
  out[offset++] = value;
  return offset;
}

/** Reads an unsigned varint at `offset`: [value, next offset], or null if truncated or over 2^53. */
export function readVarint(bytes: Uint8Array, offset: number): [number, number] | null {
  let value = 0;
  let scale = 1;
  for (let i = offset; i < bytes.length && i < offset + 8; i++) {
    const b = bytes[i]!;
    value += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) {
      // A trailing zero byte would make a second, longer encoding of the same number.
      if (b === 0 && i > offset) return null;
      return [value, i + 1];
    }
    scale *= 128;
  }
  return null;
}
