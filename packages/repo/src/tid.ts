import { randomInt } from "node:crypto";
import { InvalidTidError } from "./errors.js";

const S32 = "234567abcdefghijklmnopqrstuvwxyz";
const TID_SYNTAX = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;

/** A TID's parts: microseconds since the epoch and a 10-bit clock id. */
export interface TidParts {
  timestamp: number;
  clockId: number;
}

function encodeS32(value: number, width: number): string {
  let out = "";
  for (let i = 0; i < width; i++) {
    out = S32[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

function decodeS32(text: string): number {
  let value = 0;
  for (let i = 0; i < text.length; i++) value = value * 32 + S32.indexOf(text[i]!);
  return value;
}

/** True when `text` is TID syntax: 13 base32-sortable characters, top bit zero. */
export function isValid(text: string): boolean {
  return TID_SYNTAX.test(text);
}

/** Builds a TID string from a microsecond timestamp and a clock id (0–1023). */
export function create(timestamp: number, clockId: number): string {
  return encodeS32(timestamp, 11) + encodeS32(clockId, 2);
}

/** Splits a TID into timestamp and clock id; throws InvalidTidError on bad syntax. */
export function parse(text: string): TidParts {
  if (!isValid(text)) throw new InvalidTidError(text);
  return { timestamp: decodeS32(text.slice(0, 11)), clockId: decodeS32(text.slice(11)) };
}

// One random clock id per process, so two processes minting in the same microsecond differ.
const clockId = randomInt(1024);
let last = 0;

/**
 * The next TID of this process, strictly greater than every TID it returned before and than `prev`.
 * Date.now() can step back (NTP) and has only millisecond resolution, so the timestamp is bumped
 * past the last one handed out instead of trusting the clock.
 */
export function next(prev?: string | null): string {
  let timestamp = Date.now() * 1000;
  if (timestamp <= last) timestamp = last + 1;
  if (prev) {
    const prevTs = parse(prev).timestamp;
    if (timestamp <= prevTs) timestamp = prevTs + 1;
  }
  last = timestamp;
  return create(timestamp, clockId);
}
