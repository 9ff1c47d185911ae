import { decode } from "../cbor/decode.js";
import type { Cid } from "../cid.js";
import { CborDecodeError } from "../errors.js";
import type { LexValue } from "../lex/types.js";
import { Mst } from "../mst/mst.js";
import { verifyMst } from "../mst/verify.js";
import { type Commit, decodeCommit, ensureCommitSignature } from "../repo/commit.js";
import { formatDataKey } from "../repo/data-key.js";
import { RepoDidMismatchError } from "../repo/errors.js";
import type { RepoRecord } from "../repo/repo.js";
import type { BlockMap } from "../storage/block-map.js";
import { type ReadonlyBlockStore, readBlock } from "../storage/block-store.js";
import { readCar } from "./decode.js";
import { CarDecodeError } from "./errors.js";

/** Who the repo must belong to: its DID (optional) and the key its commit must be signed with. */
export interface VerifyRepoOptions {
  did?: string;
  signingKeyDid: string;
}

/** A fully verified repo: its commit, every record, and the blocks they came from. */
export interface VerifiedRepo {
  cid: Cid;
  commit: Commit;
  records: RepoRecord[];
  blocks: BlockMap;
}

/**
 * Verifies a repo CAR completely: every block's hash, the commit's shape, DID and signature, the
 * MST's canonical shape and order, and that every record is present and valid DAG-CBOR. Throws a
 * typed error naming what failed (CarDecodeError, CidMismatchError, InvalidCommitError,
 * RepoDidMismatchError, InvalidSignatureError, InvalidMstNodeError, MissingBlockError, CborDecodeError).
 */
export function verifyRepoCar(bytes: Uint8Array, options: VerifyRepoOptions): VerifiedRepo {
  const { roots, blocks } = readCar(bytes);
  if (roots.length !== 1) throw new CarDecodeError(0, `expected one root, got ${roots.length}`);
  return verifyRepo(blocks, roots[0]!, options);
}

/** Verifies a repo held in a BlockMap, from commit `root`; see verifyRepoCar. Block hashes are the caller's. */
export function verifyRepo(blocks: BlockMap, root: Cid, options: VerifyRepoOptions): VerifiedRepo {
  const store = storeOf(blocks);
  const commit = verifiedCommit(store, root, options);
  const records: RepoRecord[] = [];
  for (const { key, value } of verifyMst(store, commit.data)) {
    const recordBytes = readBlock(store, value, "record");
    let record: LexValue;
    try {
      record = decode(recordBytes);
    } catch (err) {
      if (err instanceof CborDecodeError) {
        throw new CborDecodeError(err.offset, `${err.reason} in record ${key} (${value.toString()})`);
      }
      throw err;
    }
    // verifyMst has checked the key, so it has exactly one slash.
    const slash = key.indexOf("/");
    records.push({ collection: key.slice(0, slash), rkey: key.slice(slash + 1), cid: value, value: record });
  }
  return { cid: root, commit, records, blocks };
}

function storeOf(blocks: BlockMap): ReadonlyBlockStore {
  return { getBlock: (cid: Cid) => blocks.get(cid), hasBlock: (cid: Cid) => blocks.has(cid) };
}

function verifiedCommit(store: ReadonlyBlockStore, root: Cid, options: VerifyRepoOptions): Commit {
  const commit = decodeCommit({ cid: root, bytes: readBlock(store, root, "commit") });
  if (options.did !== undefined && commit.did !== options.did)
    throw new RepoDidMismatchError(options.did, commit.did);
  ensureCommitSignature(root, commit, options.signingKeyDid);
  return commit;
}

/** A verified record proof: the commit, and the record's CID and value, or null when proven absent. */
export interface VerifiedRecordProof {
  commit: Commit;
  cid: Cid | null;
  value: LexValue | null;
}

/**
 * Verifies a record proof CAR (from recordProofCar / sync.getRecord): block hashes, commit signature,
 * and the record's presence or absence using only the proof's MST nodes.
 */
export function verifyRecordProof(
  bytes: Uint8Array,
  collection: string,
  rkey: string,
  options: VerifyRepoOptions,
): VerifiedRecordProof {
  const { roots, blocks } = readCar(bytes);
  if (roots.length !== 1) throw new CarDecodeError(0, `expected one root, got ${roots.length}`);
  const store = storeOf(blocks);
  const commit = verifiedCommit(store, roots[0]!, options);
  const cid = Mst.load(store, commit.data).get(formatDataKey(collection, rkey));
  return { commit, cid, value: cid === null ? null : decode(readBlock(store, cid, "record")) };
}
