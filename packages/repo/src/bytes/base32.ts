import { RangeDecodeError } from "./errors.js";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const LOOKUP = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const latin1 = new TextDecoder("latin1");

/** Encodes bytes as RFC 4648 base32, lower case, no padding (the multibase "b" body). */
export function encodeBase32(bytes: Uint8Array): string {
  // Filling a byte array and decoding it once gives a flat string; `+=` per character would build a
  // rope of ~60 nodes per CID, which costs ~2 KB of heap for every CID string a map keeps as key.
  const out = new Uint8Array(Math.ceil((bytes.length * 8) / 5));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    buffer = (buffer << 8) | bytes[i]!;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out[o++] = CODES[(buffer >>> bits) & 31]!;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out[o++] = CODES[(buffer << (5 - bits)) & 31]!;
  return latin1.decode(out);
}

/** Decodes lower-case unpadded base32; throws RangeDecodeError on any other character. */
export function decodeBase32(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? LOOKUP[code]! : -1;
    if (v < 0) throw new RangeDecodeError("base32", i);
    buffer = ((buffer << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >>> bits) & 0xff;
    }
  }
  // Leftover bits must be zero padding, otherwise two strings would decode to the same bytes.
  if ((buffer & ((1 << bits) - 1)) !== 0) throw new RangeDecodeError("base32", text.length - 1);
  return out;
}
