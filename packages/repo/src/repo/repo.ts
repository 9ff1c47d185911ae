import { decode } from "../cbor/decode.js";
import type { Cid } from "../cid.js";
import type { Signer } from "../crypto/keypair.js";
import type { LexValue } from "../lex/types.js";
import { Mst } from "../mst/mst.js";
import type { BlockStore, ReadonlyBlockStore } from "../storage/block-store.js";
import { readBlock } from "../storage/block-store.js";
import { type Commit, readCommit } from "./commit.js";
import { formatDataKey, parseDataKey } from "./data-key.js";
import { applyCommit, type CommitData, formatCommit, type RecordWrite } from "./format-commit.js";

/** A record as listed: its rkey, CID and value. */
export interface RepoRecord {
  collection: string;
  rkey: string;
  cid: Cid;
  value: LexValue;
}

/** A repo at one commit, read-only: commit, MST and records. */
export class ReadableRepo {
  constructor(
    readonly store: ReadonlyBlockStore,
    readonly cid: Cid,
    readonly commit: Commit,
    readonly data: Mst,
  ) {}

  /** The repo at commit `cid`. */
  static load(store: ReadonlyBlockStore, cid: Cid): ReadableRepo {
    const commit = readCommit(store, cid);
    return new ReadableRepo(store, cid, commit, Mst.load(store, commit.data));
  }

  /** The DID the repo belongs to. */
  get did(): string {
    return this.commit.did;
  }

  /** The record's CID, or null. */
  getRecordCid(collection: string, rkey: string): Cid | null {
    return this.data.get(formatDataKey(collection, rkey));
  }

  /** The record's value, or null when there is no such record. */
  getRecord(collection: string, rkey: string): LexValue | null {
    const cid = this.getRecordCid(collection, rkey);
    return cid === null ? null : decode(readBlock(this.store, cid, "record"));
  }

  /** Records of one collection in rkey order (or reverse), after/before an rkey, up to `limit`. */
  listRecords(
    collection: string,
    options: { after?: string; before?: string; limit?: number; reverse?: boolean } = {},
  ): RepoRecord[] {
    const leaves = this.data.list({
      prefix: `${collection}/`,
      after: options.after === undefined ? undefined : `${collection}/${options.after}`,
      before: options.before === undefined ? undefined : `${collection}/${options.before}`,
      limit: options.limit,
      reverse: options.reverse,
    });
    return leaves.map(({ key, value }) => ({
      ...parseDataKey(key),
      cid: value,
      value: decode(readBlock(this.store, value, "record")),
    }));
  }
}

/** A repo that can commit: format, then apply to its own block store. */
export class Repo extends ReadableRepo {
  declare readonly store: BlockStore;

  /** The repo at commit `cid`, writable. */
  static override load(store: BlockStore, cid: Cid): Repo {
    const commit = readCommit(store, cid);
    return new Repo(store, cid, commit, Mst.load(store, commit.data));
  }

  /** A new repo with `writes` in its first commit, stored in `store`. */
  static create(store: BlockStore, did: string, signer: Signer, writes: readonly RecordWrite[] = []): Repo {
    const data = formatCommit(store, null, did, signer, writes);
    applyCommit(store, data);
    return Repo.load(store, data.cid);
  }

  /** Commits `writes`; returns the new repo and the commit data (for the firehose). */
  applyWrites(writes: readonly RecordWrite[], signer: Signer): { repo: Repo; commit: CommitData } {
    const data = formatCommit(this.store, this.cid, this.did, signer, writes);
    applyCommit(this.store, data);
    return { repo: Repo.load(this.store, data.cid), commit: data };
  }
}
