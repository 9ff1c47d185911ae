import { Buffer } from "node:buffer";
import { decodeBase32, encodeBase32, equalBytes } from "./bytes/index.js";
import { allocBytes, copyBytes } from "./bytes/pool.js";
import { readVarint, varintLength, writeVarint } from "./bytes/varint.js";
import { InvalidCidError } from "./errors.js";
import { sha256 } from "./sha256.js";

/** Multicodec of DAG-CBOR blocks (records, MST nodes, commits). */
export const DAG_CBOR = 0x71;
/** Multicodec of raw blocks (blobs). */
export const RAW = 0x55;
/** Multihash code of SHA-256. */
export const SHA256 = 0x12;

/** A CIDv1: codec, multihash and the binary form, with its string form cached on first use. */
export class Cid {
  #string: string | undefined;
  #key: string | undefined;

  private constructor(
    readonly codec: number,
    readonly hashCode: number,
    /** Length of the multihash digest, which ends the binary form. */
    readonly digestLength: number,
    readonly bytes: Uint8Array,
  ) {}

  /** The multihash digest (a view into `bytes`, made on demand: most CIDs never need it). */
  get digest(): Uint8Array {
    return this.bytes.subarray(this.bytes.length - this.digestLength);
  }

  /** Builds a CIDv1 from a codec and a SHA-256 digest. */
  static fromDigest(codec: number, digest: Uint8Array, hashCode = SHA256): Cid {
    const bytes = allocBytes(1 + varintLength(codec) + varintLength(hashCode) + 1 + digest.length);
    bytes[0] = 1;
    let o = writeVarint(codec, bytes, 1);
    o = writeVarint(hashCode, bytes, o);
    bytes[o++] = digest.length;
    bytes.set(digest, o);
    return new Cid(codec, hashCode, digest.length, bytes);
  }

  /** Parses the binary form; returns the CID and how many bytes it used. */
  static decodeFirst(bytes: Uint8Array, offset = 0): [Cid, number] {
    // Fast path for the only CIDs atproto makes: v1, dag-cbor or raw, sha-256 (36 bytes).
    const codec = bytes[offset + 1];
    if (
      bytes[offset] === 1 &&
      (codec === DAG_CBOR || codec === RAW) &&
      bytes[offset + 2] === SHA256 &&
      bytes[offset + 3] === 32 &&
      bytes.length >= offset + 36
    ) {
      const own = copyBytes(bytes.subarray(offset, offset + 36));
      return [new Cid(codec, SHA256, 32, own), 36];
    }
    return Cid.#decodeGeneral(bytes, offset);
  }

  static #decodeGeneral(bytes: Uint8Array, offset: number): [Cid, number] {
    const fail = (reason: string): never => {
      throw new InvalidCidError(
        `0x${Buffer.from(bytes.subarray(offset, offset + 40)).toString("hex")}`,
        reason,
      );
    };
    if (bytes[offset] === 0x12 && bytes[offset + 1] === 0x20) fail("cidv0 is not supported");
    const version = readVarint(bytes, offset) ?? fail("truncated");
    if (version[0] !== 1) fail(`unsupported version ${version[0]}`);
    const codec = readVarint(bytes, version[1]) ?? fail("truncated");
    const hash = readVarint(bytes, codec[1]) ?? fail("truncated");
    const len = readVarint(bytes, hash[1]) ?? fail("truncated");
    const end = len[1] + len[0];
    if (end > bytes.length) fail("truncated digest");
    const own = copyBytes(bytes.subarray(offset, end));
    return [new Cid(codec[0], hash[0], len[0], own), end - offset];
  }

  /** Parses the binary form, which must be exactly one CID. */
  static decode(bytes: Uint8Array): Cid {
    const [cid, used] = Cid.decodeFirst(bytes);
    if (used !== bytes.length) throw new InvalidCidError(cid.toString(), "trailing bytes");
    return cid;
  }

  /** Parses the atproto string form: multibase base32 ("b…") CIDv1. */
  static parse(text: string): Cid {
    if (text.length < 2 || text[0] !== "b") throw new InvalidCidError(text, "expected base32 cidv1");
    let bytes: Uint8Array;
    try {
      bytes = decodeBase32(text.slice(1));
    } catch {
      throw new InvalidCidError(text, "not base32");
    }
    const cid = Cid.decode(bytes);
    cid.#string = text;
    return cid;
  }

  /** Tries `parse`; null instead of an error. */
  static attemptParse(text: string): Cid | null {
    try {
      return Cid.parse(text);
    } catch {
      return null;
    }
  }

  /** CID of `bytes` under `codec`, hashed with SHA-256. */
  static create(codec: number, bytes: Uint8Array): Cid {
    return Cid.fromDigest(codec, sha256(bytes));
  }

  /** True when `value` is a Cid instance. */
  static is(value: unknown): value is Cid {
    return value instanceof Cid;
  }

  /** The multibase base32 string, e.g. "bafyrei…". */
  toString(): string {
    this.#string ??= `b${encodeBase32(this.bytes)}`;
    return this.#string;
  }

  /** A compact string of the binary form (one char per byte), cheaper than toString as a map key. */
  get key(): string {
    this.#key ??= String.fromCharCode.apply(null, this.bytes as unknown as number[]);
    return this.#key;
  }

  /** Same as toString, so JSON.stringify prints the string form. */
  toJSON(): string {
    return this.toString();
  }

  /** True when both CIDs have the same binary form. */
  equals(other: Cid | null | undefined): boolean {
    return other != null && (other === this || equalBytes(this.bytes, other.bytes));
  }
}

const CID_SYNTAX = /^[a-zA-Z0-9+=]{8,256}$/;

/** The atproto string-syntax check for CIDs (loose: any multibase, but no CIDv0 "Qmb…"). */
export function isValidCidSyntax(text: string): boolean {
  return CID_SYNTAX.test(text) && !text.startsWith("Qmb");
}

/** Checks that `bytes` hash to `cid`; the caller decides what a mismatch means. */
export function matchesCid(cid: Cid, bytes: Uint8Array): boolean {
  if (cid.hashCode !== SHA256 || cid.digestLength !== 32) return false;
  const digest = sha256(bytes);
  const offset = cid.bytes.length - 32;
  for (let i = 0; i < 32; i++) if (digest[i] !== cid.bytes[offset + i]) return false;
  return true;
}
