import { beforeAll, describe, expect, it } from "vitest";
import {
  CarDecodeError,
  CBOR,
  CborDecodeError,
  Cid,
  CidMismatchError,
  DAG_CBOR,
  encodeBlock,
  encodeCar,
  encodeCarChunks,
  encodeCommit,
  exportRepoBlocks,
  exportRepoCar,
  InvalidMstNodeError,
  InvalidSignatureError,
  MemoryBlockStore,
  MissingBlockError,
  type RecordWrite,
  Repo,
  RepoDidMismatchError,
  readCar,
  readCarStream,
  recordProofCar,
  Secp256k1Keypair,
  signCommit,
  Tid,
  verifyRecordProof,
  verifyRepoCar,
  writeCarStream,
} from "../src/index.js";

const did = "did:plc:carcarcarcarcarcarcarcar";
const collection = "com.example.post";
const key = Secp256k1Keypair.create();

function makeRepo(count: number): { store: MemoryBlockStore; repo: Repo } {
  const store = new MemoryBlockStore();
  const writes: RecordWrite[] = [];
  for (let i = 0; i < count; i++) {
    writes.push({
      action: "create",
      collection,
      rkey: `r${i}`,
      record: { $type: collection, text: `t${i}`, n: i },
    });
  }
  return { store, repo: Repo.create(store, did, key, writes) };
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of stream) parts.push(p);
  return new Uint8Array(Buffer.concat(parts));
}

async function* rechunk(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe("CAR v1", () => {
  it("writes and reads blocks, sync and streamed, with the same bytes", async () => {
    const blocks = [encodeBlock({ a: 1 }), encodeBlock({ b: "two" }), encodeBlock({ c: [3] })];
    const entries = blocks.map((b) => [b.cid, b.bytes] as [Cid, Uint8Array]);
    const car = encodeCar([blocks[0]!.cid], entries);
    const streamed = await collect(writeCarStream([blocks[0]!.cid], entries));
    expect(streamed).toEqual(car);
    const read = readCar(car);
    expect(read.roots[0]!.equals(blocks[0]!.cid)).toBe(true);
    expect(read.blocks.size).toBe(3);
    for (const chunk of [1, 7, 1000]) {
      const { roots, blocks: stream } = await readCarStream(rechunk(car, chunk));
      expect(roots[0]!.equals(blocks[0]!.cid)).toBe(true);
      const got: string[] = [];
      for await (const [cid] of stream) got.push(cid.toString());
      expect(got).toEqual(blocks.map((b) => b.cid.toString()));
    }
  });

  it("writes chunks of about the size asked, the same bytes, pulling blocks only as chunks are taken", () => {
    const blocks = Array.from({ length: 200 }, (_, i) => encodeBlock({ i, pad: "x".repeat(i * 10) }));
    const entries = blocks.map((b) => [b.cid, b.bytes] as [Cid, Uint8Array]);
    let pulled = 0;
    function* counted(): Generator<[Cid, Uint8Array]> {
      for (const entry of entries) {
        pulled++;
        yield entry;
      }
    }
    const chunks = encodeCarChunks([blocks[0]!.cid], counted(), 4096);
    const first = chunks.next().value as Uint8Array;
    expect(first.length).toBeGreaterThanOrEqual(4096);
    expect(pulled).toBeLessThan(entries.length / 2);
    const rest = [...chunks];
    expect(rest.slice(0, -1).every((c) => c.length >= 4096 && c.length < 4096 + 2100)).toBe(true);
    expect(new Uint8Array(Buffer.concat([first, ...rest]))).toEqual(encodeCar([blocks[0]!.cid], entries));
  });

  it("rejects a block whose bytes do not match its CID, unless told not to verify", async () => {
    const block = encodeBlock({ a: 1 });
    const forged = encodeCar([block.cid], [[block.cid, CBOR.encode({ a: 2 })]]);
    expect(() => readCar(forged)).toThrow(CidMismatchError);
    expect(readCar(forged, { verifyCids: false }).blocks.size).toBe(1);
    const { blocks } = await readCarStream(rechunk(forged, 5));
    await expect(blocks.next()).rejects.toThrow(CidMismatchError);
  });

  it("rejects truncated and malformed files with CarDecodeError", async () => {
    const block = encodeBlock({ a: 1 });
    const car = encodeCar([block.cid], [[block.cid, block.bytes]]);
    expect(() => readCar(car.subarray(0, car.length - 3))).toThrow(CarDecodeError);
    expect(() => readCar(new Uint8Array([5, 1, 2]))).toThrow(CarDecodeError);
    const badHeader = encodeCar([], []);
    badHeader[badHeader.length - 1] = 0x02;
    expect(() => readCar(badHeader)).toThrow(CarDecodeError);
    const { blocks } = await readCarStream(rechunk(car.subarray(0, car.length - 3), 4));
    await expect(blocks.next()).rejects.toThrow(CarDecodeError);
    // A section claiming 2^40 bytes is refused before anything is buffered.
    const huge = new Uint8Array([...encodeCar([block.cid], []), 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]);
    const stream = await readCarStream(rechunk(huge, 3));
    await expect(stream.blocks.next()).rejects.toThrow(/too large/);
  });
});

describe("repo export and verification", () => {
  let store: MemoryBlockStore;
  let repo: Repo;
  beforeAll(() => {
    ({ store, repo } = makeRepo(300));
  });

  it("exports a repo and verifies it completely", () => {
    const car = exportRepoCar(store, repo.cid);
    const verified = verifyRepoCar(car, { did, signingKeyDid: key.did() });
    expect(verified.cid.equals(repo.cid)).toBe(true);
    expect(verified.records.length).toBe(300);
    for (const r of verified.records) expect(r.value).toEqual(repo.getRecord(r.collection, r.rkey));
    const cids = [...exportRepoBlocks(store, repo.cid)].map(([cid]) => cid.toString());
    expect(new Set(cids).size).toBe(cids.length);
  });

  it("rejects a bad signature, a wrong DID and a missing block", () => {
    const car = exportRepoCar(store, repo.cid);
    expect(() => verifyRepoCar(car, { signingKeyDid: Secp256k1Keypair.create().did() })).toThrow(
      InvalidSignatureError,
    );
    expect(() => verifyRepoCar(car, { did: "did:plc:other", signingKeyDid: key.did() })).toThrow(
      RepoDidMismatchError,
    );
    const blocks = [...exportRepoBlocks(store, repo.cid)];
    const missing = encodeCar([repo.cid], blocks.slice(0, -1));
    expect(() => verifyRepoCar(missing, { signingKeyDid: key.did() })).toThrow(MissingBlockError);
  });

  it("rejects an unsorted MST node and a malformed record block, naming them", () => {
    const leaf = encodeBlock({ text: "x" });
    // Two layer-0 keys in the wrong order.
    const [k1, k2] = ["com.example.post/b", "com.example.post/a"];
    const node = encodeBlock({
      l: null,
      e: [
        { p: 0, k: new TextEncoder().encode(k1), v: leaf.cid, t: null },
        { p: 17, k: new TextEncoder().encode("a"), v: leaf.cid, t: null },
      ],
    });
    expect(k2 < k1).toBe(true);
    const commit = encodeCommit(
      signCommit({ did, version: 3, data: node.cid, rev: Tid.next(), prev: null }, key),
    );
    const car = encodeCar(
      [commit.cid],
      [
        [commit.cid, commit.bytes],
        [node.cid, node.bytes],
        [leaf.cid, leaf.bytes],
      ],
    );
    expect(() => verifyRepoCar(car, { signingKeyDid: key.did() })).toThrow(InvalidMstNodeError);

    const badRecord = new Uint8Array([0xa1, 0x61, 0x61, 0xf7]);
    const badCid = Cid.create(DAG_CBOR, badRecord);
    const good = encodeBlock({
      l: null,
      e: [{ p: 0, k: new TextEncoder().encode("com.example.post/a"), v: badCid, t: null }],
    });
    const commit2 = encodeCommit(
      signCommit({ did, version: 3, data: good.cid, rev: Tid.next(), prev: null }, key),
    );
    const car2 = encodeCar(
      [commit2.cid],
      [
        [commit2.cid, commit2.bytes],
        [good.cid, good.bytes],
        [badCid, badRecord],
      ],
    );
    expect(() => verifyRepoCar(car2, { signingKeyDid: key.did() })).toThrow(CborDecodeError);
  });

  it("rejects keys on the wrong layer and keys outside their subtree's range", () => {
    const leaf = encodeBlock({ text: "x" });
    const entry = (key: string) => ({ p: 0, k: new TextEncoder().encode(key), v: leaf.cid, t: null });
    // Heights from the reference MST tests: 3fx2j is on layer 2, 3ft2j and 3fz2j on layer 0.
    const top = "com.example.record/3jqfcqzm3fx2j";
    const verifyTree = (nodes: ReturnType<typeof encodeBlock>[]) => {
      const root = encodeBlock({ l: nodes[0]!.cid, e: [entry(top)] });
      const commit = encodeCommit(
        signCommit({ did, version: 3, data: root.cid, rev: Tid.next(), prev: null }, key),
      );
      const blocks: [Cid, Uint8Array][] = [commit, root, ...nodes, leaf].map((b) => [b.cid, b.bytes]);
      return () => verifyRepoCar(encodeCar([commit.cid], blocks), { signingKeyDid: key.did() });
    };
    // A layer-0 key directly under a layer-2 root: the layer-1 node between them is missing.
    const flat = encodeBlock({ l: null, e: [entry("com.example.record/3jqfcqzm3ft2j")] });
    expect(verifyTree([flat])).toThrow(/not on layer 1/);
    // A key greater than the root's only key cannot sit in the root's left subtree.
    const low = encodeBlock({ l: null, e: [entry("com.example.record/3jqfcqzm3fz2j")] });
    const mid = encodeBlock({ l: low.cid, e: [] });
    expect(verifyTree([mid, low])).toThrow(/out of order/);
    // The same shape with a key that belongs there verifies.
    const ok = encodeBlock({ l: null, e: [entry("com.example.record/3jqfcqzm3ft2j")] });
    const okMid = encodeBlock({ l: ok.cid, e: [] });
    expect(verifyTree([okMid, ok])().records.length).toBe(2);
  });

  it("record proofs prove presence and absence from the proof blocks alone", () => {
    const present = verifyRecordProof(recordProofCar(store, repo.cid, collection, "r42"), collection, "r42", {
      signingKeyDid: key.did(),
    });
    expect(present.value).toEqual(repo.getRecord(collection, "r42"));
    const absent = verifyRecordProof(
      recordProofCar(store, repo.cid, collection, "nope"),
      collection,
      "nope",
      {
        signingKeyDid: key.did(),
      },
    );
    expect(absent.cid).toBeNull();
    const proofSize = readCar(recordProofCar(store, repo.cid, collection, "r42")).blocks.size;
    expect(proofSize).toBeLessThan(20);
  });
});
