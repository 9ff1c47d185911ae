import { sha256 } from "../sha256.js";
import { InvalidMstKeyError } from "./errors.js";

/** Longest allowed MST key. */
export const MAX_KEY_LENGTH = 1024;

// Same charset as record keys (incl. `~`, see atproto #3972): one `/` between two non-empty parts.
const KEY = /^[a-zA-Z0-9_~\-:.]+\/[a-zA-Z0-9_~\-:.]+$/;

/** True when `key` can be stored in the MST. */
export function isValidMstKey(key: string): boolean {
  return key.length <= MAX_KEY_LENGTH && KEY.test(key);
}

/** Throws InvalidMstKeyError unless `key` can be stored in the MST. */
export function ensureValidMstKey(key: string): void {
  if (!isValidMstKey(key)) throw new InvalidMstKeyError(key);
}

/** The key's layer: leading zero bits of SHA-256(key), counted in 2-bit groups (fanout 4). */
export function keyHeight(key: string): number {
  const hash = sha256(key);
  let height = 0;
  for (let i = 0; i < hash.length; i++) {
    const b = hash[i]!;
    if (b === 0) {
      height += 4;
      continue;
    }
    if ((b & 0xc0) === 0) height++;
    else return height;
    if ((b & 0x30) === 0) height++;
    else return height;
    if ((b & 0x0c) === 0) height++;
    return height;
  }
  return height;
}

/** Length of the common prefix of two keys, in characters (keys are ASCII, so also bytes). */
export function countPrefixLen(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
