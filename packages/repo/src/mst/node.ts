import * as CBOR from "../cbor/index.js";
import { Cid, DAG_CBOR } from "../cid.js";
import { CborDecodeError } from "../errors.js";
import type { Block } from "../lex/index.js";
import type { LexMap, LexValue } from "../lex/types.js";
import { InvalidMstNodeError } from "./errors.js";
import { countPrefixLen, isValidMstKey } from "./key.js";

/** A subtree: a node in memory, or a CID not loaded yet. */
export type NodeRef = MstNode | Cid;

/** One key/value pair of a node and the subtree holding the keys between it and the next entry. */
export interface MstEntry {
  readonly key: string;
  readonly value: Cid;
  readonly right: NodeRef | null;
}

// One character per byte (latin1 is windows-1252 to TextDecoder, but every byte stays one character),
// so a key is valid exactly when its decoded text is: the check after decoding refuses any byte outside
// the keys' ASCII charset instead of letting it through as some other character.
const bytewise = new TextDecoder("latin1");

/**
 * An immutable MST node at `layer`: a left subtree and sorted entries. Its encoding and CID are
 * computed on first use and cached; nodes read from a store carry their block from the start.
 */
export class MstNode {
  #block: Block | undefined;
  /** True when the node was read from a store, so its block is persisted already. */
  readonly stored: boolean;

  /** A node; pass `storedBlock` only for a node decoded from a store. */
  constructor(
    readonly layer: number,
    readonly left: NodeRef | null,
    readonly entries: readonly MstEntry[],
    storedBlock?: Block,
  ) {
    this.#block = storedBlock;
    this.stored = storedBlock !== undefined;
  }

  /** The empty tree's root. */
  static empty(): MstNode {
    return new MstNode(0, null, []);
  }

  /** True for a node with no entries and no subtree. */
  isEmpty(): boolean {
    return this.entries.length === 0 && this.left === null;
  }

  /** The subtree left of entry `i` (i = entries.length: right of the last entry). */
  gap(i: number): NodeRef | null {
    return i === 0 ? this.left : this.entries[i - 1]!.right;
  }

  /** A copy with gap `i` replaced. */
  withGap(i: number, ref: NodeRef | null): MstNode {
    if (i === 0) return new MstNode(this.layer, ref, this.entries);
    const entries = this.entries.slice();
    entries[i - 1] = { ...entries[i - 1]!, right: ref };
    return new MstNode(this.layer, this.left, entries);
  }

  /** This node as a store would decode it: subtrees by CID only, block computed, `stored` set. */
  detached(): MstNode {
    if (this.stored) return this;
    const block = this.block;
    const entries = this.entries.map((e) => (e.right === null ? e : { ...e, right: refCid(e.right) }));
    return new MstNode(this.layer, this.left === null ? null : refCid(this.left), entries, block);
  }

  /** Index of the first entry whose key is ≥ `key` (entries.length if none). */
  lowerBound(key: string): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.key < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The node's DAG-CBOR block (child CIDs are computed first when needed). */
  get block(): Block {
    if (this.#block === undefined) {
      const bytes = CBOR.encode(this.#toLex());
      this.#block = { cid: Cid.create(DAG_CBOR, bytes), bytes };
    }
    return this.#block;
  }

  /** The node's CID. */
  get cid(): Cid {
    return this.block.cid;
  }

  #toLex(): LexMap {
    const e: LexValue[] = new Array(this.entries.length);
    let prev = "";
    for (let i = 0; i < this.entries.length; i++) {
      const { key, value, right } = this.entries[i]!;
      const p = countPrefixLen(prev, key);
      const k = new Uint8Array(key.length - p);
      for (let j = p; j < key.length; j++) k[j - p] = key.charCodeAt(j);
      e[i] = { p, k, v: value, t: right === null ? null : refCid(right) };
      prev = key;
    }
    return { l: this.left === null ? null : refCid(this.left), e };
  }
}

/** The CID of a subtree reference. */
export function refCid(ref: NodeRef): Cid {
  return ref instanceof Cid ? ref : ref.cid;
}

/** Decodes a node block, checking shape, prefix compression, valid keys and strict key order. */
export function decodeNode(block: Block, layer: number): MstNode {
  const fail = (reason: string): never => {
    throw new InvalidMstNodeError(block.cid, reason);
  };
  let data: LexValue;
  try {
    data = CBOR.decode(block.bytes);
  } catch (err) {
    if (err instanceof CborDecodeError) fail(`bad dag-cbor (${err.reason} at offset ${err.offset})`);
    throw err;
  }
  if (!isMap(data) || !sameKeys(data, ["e", "l"])) return fail("expected a map of l and e");
  const { l, e } = data;
  if (l !== null && !(l instanceof Cid)) fail("l must be a link or null");
  if (!Array.isArray(e)) return fail("e must be an array");
  const entries: MstEntry[] = new Array(e.length);
  let prev = "";
  for (let i = 0; i < e.length; i++) {
    const item = e[i]!;
    if (!isMap(item) || !sameKeys(item, ["k", "p", "t", "v"]))
      return fail(`entry ${i} must be a map of p, k, v, t`);
    const { p, k, v, t } = item;
    if (typeof p !== "number" || p < 0 || p > prev.length) fail(`entry ${i} has a bad prefix length`);
    if (!(k instanceof Uint8Array) || !(v instanceof Cid)) return fail(`entry ${i} has a bad key or value`);
    if (t !== null && !(t instanceof Cid)) fail(`entry ${i} has a bad subtree link`);
    const prefix = prev.slice(0, p as number);
    const key = prefix + bytewise.decode(k);
    if (!isValidMstKey(key)) fail(`entry ${i} has an invalid key ${showKey(prefix, k)}`);
    if (i > 0 && key <= prev) fail(`keys are not sorted at entry ${i}`);
    if (countPrefixLen(prev, key) !== p) fail(`entry ${i} prefix is not the common prefix`);
    entries[i] = { key, value: v, right: t as Cid | null };
    prev = key;
  }
  return new MstNode(layer, l as Cid | null, entries, block);
}

/** A key as its bytes: printable ASCII as is, any other byte as \xNN (at most 100 bytes shown). */
function showKey(prefix: string, suffix: Uint8Array): string {
  let out = prefix.slice(0, 100);
  for (const byte of suffix.subarray(0, Math.max(0, 100 - prefix.length))) {
    const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c;
    out += printable ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0")}`;
  }
  return `"${out}${prefix.length + suffix.length > 100 ? "…" : ""}"`;
}

function isMap(value: LexValue): value is LexMap {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    !(value instanceof Cid) &&
    !(value instanceof Uint8Array)
  );
}

function sameKeys(map: LexMap, keys: string[]): boolean {
  const own = Object.keys(map);
  return own.length === keys.length && keys.every((k) => k in map);
}
