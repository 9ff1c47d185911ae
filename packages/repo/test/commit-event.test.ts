import { describe, expect, it } from "vitest";
import {
  BlockMap,
  type CommitData,
  encodeCar,
  formatCommit,
  InvalidCommitEventError,
  InvalidSignatureError,
  MemoryBlockStore,
  MissingBlockError,
  type RecordWrite,
  Repo,
  Secp256k1Keypair,
  verifyCommitEvent,
} from "../src/index.js";

const did = "did:plc:firehosefirehosefirehose";
const collection = "com.example.post";
const key = Secp256k1Keypair.create();

function event(data: CommitData, blocks = data.relevantBlocks) {
  return {
    repo: did,
    commit: data.cid,
    rev: data.rev,
    blocks: encodeCar([data.cid], blocks),
    ops: data.ops,
    prevData: data.prevData,
  };
}

function setup() {
  const store = new MemoryBlockStore();
  const writes: RecordWrite[] = Array.from({ length: 300 }, (_, i) => ({
    action: "create",
    collection,
    rkey: `k${i}`,
    record: { text: `r${i}` },
  }));
  const repo = Repo.create(store, did, key, writes);
  const data = formatCommit(store, repo.cid, did, key, [
    { action: "create", collection, rkey: "new", record: { text: "new" } },
    { action: "update", collection, rkey: "k10", record: { text: "changed" } },
    { action: "delete", collection, rkey: "k200" },
  ]);
  return { store, data };
}

describe("verifyCommitEvent", () => {
  it("accepts a commit's own relevant blocks: ops match and undo to prevData", () => {
    const { data } = setup();
    expect(verifyCommitEvent(event(data), key.did()).rev).toBe(data.rev);
  });

  it("rejects ops that disagree with the tree or with prevData", () => {
    const { data } = setup();
    const wrongPrev = data.ops.map((op) =>
      op.action === "update" ? { ...op, prev: data.ops[0]!.cid! } : op,
    );
    expect(() => verifyCommitEvent({ ...event(data), ops: wrongPrev }, key.did())).toThrow(
      InvalidCommitEventError,
    );
    const missingOp = data.ops.slice(1);
    expect(() => verifyCommitEvent({ ...event(data), ops: missingOp }, key.did())).toThrow(
      InvalidCommitEventError,
    );
    const wrongRev = { ...event(data), rev: "2222222222222" };
    expect(() => verifyCommitEvent(wrongRev, key.did())).toThrow(InvalidCommitEventError);
  });

  it("rejects a bad signature and missing proof blocks", () => {
    const { data } = setup();
    expect(() => verifyCommitEvent(event(data), Secp256k1Keypair.create().did())).toThrow(
      InvalidSignatureError,
    );
    const partial = data.relevantBlocks.cids().filter((cid) => !cid.equals(data.data));
    const blocks = new BlockMap();
    for (const cid of partial) blocks.set(cid, data.relevantBlocks.get(cid)!);
    expect(() => verifyCommitEvent(event(data, blocks), key.did())).toThrow(MissingBlockError);
  });
});
