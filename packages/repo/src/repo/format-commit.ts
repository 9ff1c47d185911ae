import type { Cid } from "../cid.js";
import type { Signer } from "../crypto/keypair.js";
import { type Block, encodeBlock } from "../lex/index.js";
import type { LexMap } from "../lex/types.js";
import { MstKeyNotFoundError } from "../mst/errors.js";
import { Mst } from "../mst/mst.js";
import type { NodeCache } from "../mst/node-store.js";
import type { MstLeaf } from "../mst/walk.js";
import { BlockMap, CidSet } from "../storage/block-map.js";
import type { BlockStore, ReadonlyBlockStore } from "../storage/block-store.js";
import * as Tid from "../tid.js";
import { type Commit, encodeCommit, readCommit, signCommit } from "./commit.js";
import { formatDataKey } from "./data-key.js";

/** A create or update of one record: the record, or its block already encoded (then nothing re-encodes it). */
export type RecordPut = {
  action: "create" | "update";
  collection: string;
  rkey: string;
} & ({ record: LexMap; block?: undefined } | { block: Block; record?: undefined });

/** A delete of one record. */
export interface RecordDelete {
  action: "delete";
  collection: string;
  rkey: string;
}

/** One write of a commit. Swap checks (swapRecord, swapCommit) are the caller's, before formatting. */
export type RecordWrite = RecordPut | RecordDelete;

/** One op as the firehose carries it: `prev` is absent on create, `cid` null on delete. */
export interface CommitOp {
  action: "create" | "update" | "delete";
  path: string;
  cid: Cid | null;
  prev?: Cid;
}

/** Options of formatCommit. */
export interface FormatCommitOptions {
  /**
   * Decoded MST nodes kept between commits. The tree is read through it and the new commit's nodes
   * are added to it, so a repo written again soon decodes no node. Caching before the commit is
   * stored is harmless: an entry only says what a CID's node holds, never that a store holds it.
   */
  nodes?: NodeCache;
}

/** Everything a new commit changes, computed without writing anything. */
export interface CommitData {
  cid: Cid;
  commit: Commit;
  rev: string;
  /** The previous commit's rev, or null for a repo's first commit. */
  since: string | null;
  /** The new MST root. */
  data: Cid;
  /** The previous MST root, or null for a repo's first commit. */
  prevData: Cid | null;
  /** New MST nodes, new record blocks and the commit block. */
  newBlocks: BlockMap;
  /** Covering proofs of every touched key, new record blocks and the commit block: a firehose event's blocks. */
  relevantBlocks: BlockMap;
  /** Replaced MST nodes, replaced record CIDs and the old commit; a record CID may still be used by another key. */
  removedCids: CidSet;
  ops: CommitOp[];
}

/**
 * Formats (but does not store) the next commit of a repo: applies `writes` to the MST of `current`
 * (a commit CID, or null for a new repo), signs the new commit and gathers its blocks and ops.
 * Throws MstKeyExistsError for a create over a record, MstKeyNotFoundError for an update or delete
 * of a missing one.
 */
export function formatCommit(
  store: ReadonlyBlockStore,
  current: Cid | null,
  did: string,
  signer: Signer,
  writes: readonly RecordWrite[],
  options: FormatCommitOptions = {},
): CommitData {
  const prevCommit = current === null ? null : readCommit(store, current);
  const before = prevCommit === null ? Mst.create(store) : Mst.load(store, prevCommit.data, options.nodes);
  const leaves = new BlockMap();
  const ops: CommitOp[] = [];
  let tree = before;
  // A new repo's tree is built in one pass from its creates; later commits edit the loaded tree.
  const created: MstLeaf[] | null = prevCommit === null ? [] : null;
  for (const write of writes) {
    const path = formatDataKey(write.collection, write.rkey);
    if (write.action === "create") {
      const block = blockOf(write);
      leaves.set(block.cid, block.bytes);
      if (created) created.push({ key: path, value: block.cid });
      else tree = tree.add(path, block.cid);
      ops.push({ action: "create", path, cid: block.cid });
      continue;
    }
    const prev = created ? null : tree.get(path);
    if (prev === null) throw new MstKeyNotFoundError(path);
    if (write.action === "delete") {
      tree = tree.delete(path);
      ops.push({ action: "delete", path, cid: null, prev });
    } else {
      const block = blockOf(write);
      leaves.set(block.cid, block.bytes);
      tree = tree.put(path, block.cid);
      ops.push({ action: "update", path, cid: block.cid, prev });
    }
  }
  if (created) tree = Mst.fromLeaves(store, created);

  const data = tree.rootCid();
  const rev = Tid.next(prevCommit?.rev);
  const commit = signCommit({ did, version: 3, data, rev, prev: null }, signer);
  const commitBlock = encodeCommit(commit);

  const newBlocks = new BlockMap();
  const relevantBlocks = new BlockMap();
  const removedCids = new CidSet();
  if (prevCommit === null) {
    // A first commit sends everything, which covers every proof.
    newBlocks.addMap(tree.unstoredBlocks()).addMap(leaves);
    relevantBlocks.addMap(newBlocks);
  } else {
    const diff = tree.diff(before);
    newBlocks.addMap(diff.newNodes);
    for (const cid of diff.removedNodes) removedCids.add(cid);
    const written = new CidSet();
    for (const op of ops) if (op.cid !== null) written.add(op.cid);
    for (const op of ops) if (op.prev && !written.has(op.prev)) removedCids.add(op.prev);
    removedCids.add(current!);
    for (const op of ops) relevantBlocks.addMap(tree.coveringProof(op.path));
    for (const [cid, bytes] of leaves) {
      if (!diff.newLeaves.has(cid)) continue;
      newBlocks.set(cid, bytes);
      relevantBlocks.set(cid, bytes);
    }
  }
  if (options.nodes) tree.cacheNewNodes(options.nodes);
  newBlocks.set(commitBlock.cid, commitBlock.bytes);
  relevantBlocks.set(commitBlock.cid, commitBlock.bytes);
  return {
    cid: commitBlock.cid,
    commit,
    rev,
    since: prevCommit?.rev ?? null,
    data,
    prevData: prevCommit?.data ?? null,
    newBlocks,
    relevantBlocks,
    removedCids,
    ops,
  };
}

function blockOf(write: RecordPut): Block {
  return write.block !== undefined ? write.block : encodeBlock(write.record);
}

/** Stores a formatted commit's new blocks. Moving the repo's head to `data.cid` is the caller's job. */
export function applyCommit(store: BlockStore, data: CommitData): void {
  store.putBlocks(data.newBlocks);
}
