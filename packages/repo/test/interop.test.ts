import { Secp256k1Keypair as RefKeypair } from "@atproto/crypto";
import * as ref from "@atproto/repo";
import { beforeAll, describe, expect, it } from "vitest";
import {
  Cid,
  encodeBase64,
  exportRepoCar,
  lexToJson,
  MemoryBlockStore,
  type RecordWrite,
  Repo,
  readCar,
  Secp256k1Keypair,
  verifyRepoCar,
} from "../src/index.js";

// The reference implementation (@atproto/repo) checks our output and produces input for us.

const did = "did:plc:interopinteropinteropint";
const LINK = Cid.parse("bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454");

function record(i: number) {
  return {
    $type: "com.example.post",
    text: `record ${i} ✓ ${"x".repeat(i % 17)}`,
    n: i * 7919 - 3000,
    tags: [`t${i % 5}`, `u${i % 3}`],
    nested: { ok: i % 2 === 0, none: null },
    createdAt: "2026-11-27T00:00:00.000Z",
  };
}

function rkey(i: number): string {
  return `3k${i.toString(32).padStart(11, "0")}`;
}

/** JSON form of a reference lex value (its CID class prints as base32, like ours). */
function refToJson(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Uint8Array) return { $bytes: encodeBase64(value) };
  if (Array.isArray(value)) return value.map(refToJson);
  if ("multihash" in value || "/" in value) return { $link: String(value) };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, refToJson(v)]));
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of stream) parts.push(p);
  return new Uint8Array(Buffer.concat(parts));
}

describe("interop with @atproto/repo", () => {
  const key = Secp256k1Keypair.create();
  let store: MemoryBlockStore;
  let repo: Repo;

  beforeAll(() => {
    store = new MemoryBlockStore();
    const writes: RecordWrite[] = [];
    for (let i = 0; i < 1000; i++) {
      const value =
        i % 100 === 0 ? { ...record(i), link: LINK, raw: new Uint8Array([i % 256, 1, 2]) } : record(i);
      writes.push({ action: "create", collection: "com.example.post", rkey: rkey(i), record: value });
    }
    repo = Repo.create(store, did, key, writes.slice(0, 600));
    repo = repo.applyWrites(writes.slice(600), key).repo;
    repo = repo.applyWrites(
      [
        { action: "update", collection: "com.example.post", rkey: rkey(5), record: record(100_005) },
        { action: "delete", collection: "com.example.post", rkey: rkey(6) },
        { action: "create", collection: "com.example.post", rkey: rkey(6), record: record(6) },
      ],
      key,
    ).repo;
  });

  it("a 1,000-record repo built by us verifies in the reference, every record equal", async () => {
    const car = exportRepoCar(store, repo.cid);
    const verified = await ref.verifyRepoCar(car, did, key.did());
    expect(verified.creates.length).toBe(1000);
    expect(String(verified.commit.cid)).toBe(repo.cid.toString());
    const { root, blocks } = await ref.readCarWithRoot(car);
    const refRepo = await ref.Repo.load(new ref.MemoryBlockstore(blocks), root);
    for (const create of verified.creates) {
      const ours = repo.getRecord(create.collection, create.rkey);
      expect(String(create.cid)).toBe(repo.getRecordCid(create.collection, create.rkey)?.toString());
      const theirs = await refRepo.getRecord(create.collection, create.rkey);
      expect(refToJson(theirs)).toEqual(lexToJson(ours!));
    }
  });

  it("a repo built by the reference loads in ours with the same root and record CIDs", async () => {
    const refKey = await RefKeypair.create({ exportable: true });
    const storage = new ref.MemoryBlockstore();
    const writes = Array.from({ length: 1000 }, (_, i) => ({
      action: ref.WriteOpAction.Create as const,
      collection: "com.example.post" as const,
      rkey: rkey(i),
      record: record(i),
    }));
    let refRepo = await ref.Repo.create(storage, did, refKey, writes.slice(0, 500));
    refRepo = await refRepo.applyWrites(writes.slice(500), refKey);
    refRepo = await refRepo.applyWrites(
      [{ action: ref.WriteOpAction.Delete, collection: "com.example.post" as const, rkey: rkey(3) }],
      refKey,
    );
    const car = await collect(ref.getFullRepo(storage, refRepo.cid));

    const verified = verifyRepoCar(car, { did, signingKeyDid: refKey.did() });
    expect(verified.commit.data.toString()).toBe(String(refRepo.commit.data));
    expect(verified.records.length).toBe(999);

    const ourStore = new MemoryBlockStore();
    ourStore.putBlocks(readCar(car).blocks);
    const loaded = Repo.load(ourStore, verified.cid);
    expect(loaded.data.rootCid().toString()).toBe(String(refRepo.commit.data));
    for await (const entry of refRepo.data.walkLeavesFrom("")) {
      expect(loaded.data.get(entry.key)?.toString()).toBe(String(entry.value));
    }
    // Our keypair signs what the reference accepts, with the reference's own key bytes.
    const ours = Secp256k1Keypair.import(await refKey.export());
    expect(ours.did()).toBe(refKey.did());
    const next = loaded.applyWrites(
      [{ action: "create", collection: "com.example.post", rkey: rkey(3), record: record(3) }],
      ours,
    ).repo;
    const back = await ref.verifyRepoCar(exportRepoCar(ourStore, next.cid), did, refKey.did());
    expect(back.creates.length).toBe(1000);
  });
});
