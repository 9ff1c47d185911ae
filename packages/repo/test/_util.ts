import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Cid, RAW, Tid } from "../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const SHARED = join(here, "../../../../shared/interop-vectors");
const FIXTURES = join(here, "fixtures/interop-vectors");

/** The interop-vectors folder: the shared copy when present, else the package's fixture copy. */
export const VECTORS = existsSync(SHARED) ? SHARED : FIXTURES;

/** Reads a JSON vector file, e.g. `vectorJson("crypto/signature-fixtures.json")`. */
export function vectorJson<T>(path: string): T {
  return JSON.parse(readFileSync(join(VECTORS, path), "utf8")) as T;
}

/** Reads a line-per-case vector file; `#` lines and blank lines are comments, whitespace is kept. */
export function vectorLines(path: string): string[] {
  return readFileSync(join(VECTORS, path), "utf8")
    .split("\n")
    .filter((line) => line.length > 0 && !line.startsWith("#"));
}

/** Fisher–Yates shuffle with a seeded generator, so a failing order can be replayed. */
export function shuffle<T>(items: readonly T[], seed = 1): T[] {
  const out = [...items];
  let state = seed;
  const rand = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Decodes standard or url-safe base64 without padding. */
export function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "base64"));
}

/** `count` distinct record keys `com.example.record/<tid>` and random value CIDs, from a seed. */
export function generateKeys(count: number, seed = 7): [string, Cid][] {
  const out: [string, Cid][] = [];
  let state = seed;
  const rand = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state;
  };
  const seen = new Set<string>();
  while (out.length < count) {
    const key = `com.example.record/${Tid.create(1_600_000_000_000_000 + rand() * 1000, rand() % 1024)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([key, Cid.create(RAW, new TextEncoder().encode(`${key}:${rand()}`))]);
  }
  return out;
}

/** A CID over random bytes. */
export function randomCid(): Cid {
  return Cid.create(RAW, new Uint8Array(randomBytes(16)));
}
