import * as CBOR from "../cbor/index.js";
import { Cid } from "../cid.js";
import type { Signer } from "../crypto/keypair.js";
import { verifySignature } from "../crypto/verify.js";
import { CborDecodeError } from "../errors.js";
import { type Block, encodeBlock } from "../lex/index.js";
import type { LexMap, LexValue } from "../lex/types.js";
import type { ReadonlyBlockStore } from "../storage/block-store.js";
import { readBlock } from "../storage/block-store.js";
import * as Tid from "../tid.js";
import { InvalidCommitError, InvalidSignatureError } from "./errors.js";

/** A v3 repo commit without its signature: the bytes that get signed. */
export interface UnsignedCommit {
  did: string;
  version: 3;
  /** Root of the MST. */
  data: Cid;
  rev: string;
  /** Always null in v3; kept for compatibility with v2. */
  prev: null;
}

/** A signed v3 commit. */
export interface Commit extends UnsignedCommit {
  sig: Uint8Array;
}

/** Signs an unsigned commit: sig is over its DAG-CBOR encoding. */
export function signCommit(unsigned: UnsignedCommit, signer: Signer): Commit {
  return { ...unsigned, sig: signer.sign(CBOR.encode(unsigned as unknown as LexMap)) };
}

/** True when the commit's signature verifies against `signingKeyDid`. */
export function verifyCommitSignature(commit: Commit, signingKeyDid: string): boolean {
  const { sig, ...unsigned } = commit;
  return verifySignature(signingKeyDid, CBOR.encode(unsigned as unknown as LexMap), sig);
}

/** Throws InvalidSignatureError unless the commit at `cid` is signed by `signingKeyDid`. */
export function ensureCommitSignature(cid: Cid, commit: Commit, signingKeyDid: string): void {
  if (!verifyCommitSignature(commit, signingKeyDid)) throw new InvalidSignatureError(cid, signingKeyDid);
}

/** The commit's block. */
export function encodeCommit(commit: Commit): Block {
  return encodeBlock(commit as unknown as LexMap);
}

/** Decodes and shape-checks a commit block; throws InvalidCommitError. */
export function decodeCommit(block: Block): Commit {
  const fail = (reason: string): never => {
    throw new InvalidCommitError(block.cid, reason);
  };
  let value: LexValue;
  try {
    value = CBOR.decode(block.bytes);
  } catch (err) {
    if (err instanceof CborDecodeError) fail(`bad dag-cbor (${err.reason} at offset ${err.offset})`);
    throw err;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value) || value instanceof Cid) {
    return fail("not a map");
  }
  const { did, version, data, rev, prev, sig } = value as LexMap;
  if (version !== 3) fail(`unsupported version ${String(version)}`);
  if (typeof did !== "string" || !did.startsWith("did:")) fail("did must be a DID string");
  if (!(data instanceof Cid)) fail("data must be a link");
  if (typeof rev !== "string" || !Tid.isValid(rev)) fail("rev must be a TID");
  if (prev !== null && !(prev instanceof Cid)) fail("prev must be null or a link");
  if (!(sig instanceof Uint8Array)) fail("sig must be bytes");
  if (Object.keys(value).length !== 6) fail("unexpected fields");
  return value as unknown as Commit;
}

/** Reads and decodes the commit at `cid`; throws MissingBlockError or InvalidCommitError. */
export function readCommit(store: ReadonlyBlockStore, cid: Cid): Commit {
  return decodeCommit({ cid, bytes: readBlock(store, cid, "commit") });
}
