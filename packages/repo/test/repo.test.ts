import { beforeAll, describe, expect, it } from "vitest";
import {
  type BlockMap,
  CBOR,
  Cid,
  cidForRecord,
  decodeCommit,
  encodeCommit,
  formatCommit,
  formatDataKey,
  InvalidCommitError,
  InvalidMstKeyError,
  MemoryBlockStore,
  Mst,
  MstKeyExistsError,
  MstKeyNotFoundError,
  MstNode,
  NodeStore,
  OverlayBlockStore,
  parseDataKey,
  type RecordWrite,
  Repo,
  Secp256k1Keypair,
  verifyCommitSignature,
} from "../src/index.js";

const did = "did:plc:testrepo1234567890abcd";
const collection = "com.example.post";

function post(i: number) {
  return { $type: collection, text: `post number ${i}`, createdAt: "2026-01-01T00:00:00.000Z" };
}

describe("data keys", () => {
  it("formats and parses collection/rkey", () => {
    expect(formatDataKey("app.bsky.feed.post", "3jui7kd54zh2y")).toBe("app.bsky.feed.post/3jui7kd54zh2y");
    expect(parseDataKey("app.bsky.feed.post/self")).toEqual({
      collection: "app.bsky.feed.post",
      rkey: "self",
    });
    expect(() => formatDataKey("a/b", "c")).toThrow(InvalidMstKeyError);
    expect(() => parseDataKey("nocollection")).toThrow(InvalidMstKeyError);
  });
});

describe("repo commits", () => {
  const key = Secp256k1Keypair.create();
  let store: MemoryBlockStore;
  let repo: Repo;

  beforeAll(() => {
    store = new MemoryBlockStore();
    repo = Repo.create(store, did, key);
  });

  it("creates an empty v3 repo whose data is the empty MST root", () => {
    expect(repo.commit.version).toBe(3);
    expect(repo.commit.did).toBe(did);
    expect(repo.commit.prev).toBeNull();
    expect(repo.commit.data.toString()).toBe("bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm");
    expect(verifyCommitSignature(repo.commit, key.did())).toBe(true);
    expect(verifyCommitSignature(repo.commit, Secp256k1Keypair.create().did())).toBe(false);
  });

  it("creates, updates and deletes one record, with ops, since and prevData", () => {
    const create = repo.applyWrites([{ action: "create", collection, rkey: "a1", record: post(1) }], key);
    expect(create.commit.ops).toEqual([
      { action: "create", path: `${collection}/a1`, cid: cidForRecord(post(1)) },
    ]);
    expect(create.commit.since).toBe(repo.commit.rev);
    expect(create.commit.prevData?.equals(repo.commit.data)).toBe(true);
    expect(create.commit.rev > repo.commit.rev).toBe(true);
    expect(create.repo.getRecord(collection, "a1")).toEqual(post(1));

    const update = create.repo.applyWrites(
      [{ action: "update", collection, rkey: "a1", record: post(2) }],
      key,
    );
    expect(update.commit.ops[0]).toEqual({
      action: "update",
      path: `${collection}/a1`,
      cid: cidForRecord(post(2)),
      prev: cidForRecord(post(1)),
    });
    expect(update.commit.removedCids.has(cidForRecord(post(1)))).toBe(true);
    expect(update.commit.removedCids.has(create.commit.cid)).toBe(true);

    const del = update.repo.applyWrites([{ action: "delete", collection, rkey: "a1" }], key);
    expect(del.commit.ops[0]).toEqual({
      action: "delete",
      path: `${collection}/a1`,
      cid: null,
      prev: cidForRecord(post(2)),
    });
    expect(del.repo.getRecord(collection, "a1")).toBeNull();
    expect(del.repo.commit.data.equals(repo.commit.data)).toBe(true);
  });

  it("rejects a create over a record and an update or delete of a missing one", () => {
    const one = repo.applyWrites([{ action: "create", collection, rkey: "x", record: post(0) }], key).repo;
    expect(() =>
      formatCommit(store, one.cid, did, key, [{ action: "create", collection, rkey: "x", record: post(1) }]),
    ).toThrow(MstKeyExistsError);
    expect(() =>
      formatCommit(store, one.cid, did, key, [{ action: "update", collection, rkey: "y", record: post(1) }]),
    ).toThrow(MstKeyNotFoundError);
    expect(() =>
      formatCommit(store, one.cid, did, key, [{ action: "delete", collection, rkey: "y" }]),
    ).toThrow(MstKeyNotFoundError);
  });

  it("100 records, then 20 adds, updates and deletes; reloads from the block store", () => {
    const writes: RecordWrite[] = [];
    for (let i = 0; i < 100; i++)
      writes.push({ action: "create", collection, rkey: `r${i}`, record: post(i) });
    let current = repo.applyWrites(writes, key).repo;
    const batch: RecordWrite[] = [];
    for (let i = 100; i < 120; i++)
      batch.push({ action: "create", collection, rkey: `r${i}`, record: post(i) });
    for (let i = 0; i < 20; i++)
      batch.push({ action: "update", collection, rkey: `r${i}`, record: post(i + 1000) });
    for (let i = 20; i < 40; i++) batch.push({ action: "delete", collection, rkey: `r${i}` });
    const { repo: next, commit } = current.applyWrites(batch, key);
    expect(commit.ops.length).toBe(60);
    current = Repo.load(store, next.cid);
    const listed = current.listRecords(collection);
    expect(listed.length).toBe(100);
    expect(current.getRecord(collection, "r5")).toEqual(post(1005));
    expect(current.getRecord(collection, "r25")).toBeNull();
    expect(current.listRecords(collection, { limit: 2, reverse: true }).map((r) => r.rkey)).toEqual([
      "r99",
      "r98",
    ]);
    expect(verifyCommitSignature(current.commit, key.did())).toBe(true);
  });

  it("commit data carries every block a consumer needs to invert the ops", () => {
    const base = repo.applyWrites(
      Array.from({ length: 200 }, (_, i) => ({
        action: "create" as const,
        collection,
        rkey: `k${i}`,
        record: post(i),
      })),
      key,
    ).repo;
    const writes: RecordWrite[] = [
      { action: "create", collection, rkey: "new1", record: post(5000) },
      { action: "update", collection, rkey: "k7", record: post(5001) },
      { action: "delete", collection, rkey: "k150" },
    ];
    const data = formatCommit(store, base.cid, did, key, writes);
    // Everything the new tree needs is either already stored or in newBlocks.
    const upper = new MemoryBlockStore();
    upper.putBlocks(data.newBlocks);
    for (const node of Mst.load(new OverlayBlockStore(upper, store), data.data).nodes()) {
      expect(store.hasBlock(node.cid) || data.newBlocks.has(node.cid)).toBe(true);
    }
    // From relevantBlocks alone: load the new tree, undo each op, reach prevData.
    const proofStore = new MemoryBlockStore();
    proofStore.putBlocks(data.relevantBlocks);
    const commit = decodeCommit({ cid: data.cid, bytes: data.relevantBlocks.get(data.cid)! });
    let tree = Mst.load(proofStore, commit.data);
    for (const op of data.ops) {
      tree = op.prev ? tree.put(op.path, op.prev) : tree.delete(op.path);
    }
    expect(tree.rootCid().equals(data.prevData!)).toBe(true);
    expect(data.relevantBlocks.has(cidForRecord(post(5000)))).toBe(true);
  });

  it("a node cache shared across commits changes no commit's tree, blocks or ops", () => {
    const nodes = new Map<string, MstNode>();
    const keysOf = (blocks: BlockMap, commit: Cid) =>
      [...blocks]
        .map(([c]) => c)
        .filter((c) => !c.equals(commit))
        .map(String)
        .sort();
    let head = repo.cid;
    let rand = 7;
    const next = () => (rand = (rand * 48271) % 2147483647);
    const live: string[] = [];
    for (let i = 0; i < 300; i++) {
      const roll = next() % 10;
      const rkey = roll < 6 || live.length === 0 ? `c${i}` : live[next() % live.length]!;
      const writes: RecordWrite[] =
        rkey === `c${i}`
          ? [{ action: "create", collection, rkey, record: post(i) }]
          : roll < 8
            ? [{ action: "update", collection, rkey, record: post(i) }]
            : [{ action: "delete", collection, rkey }];
      const plain = formatCommit(store, head, did, key, writes);
      const cached = formatCommit(store, head, did, key, writes, { nodes });
      expect(cached.data.equals(plain.data)).toBe(true);
      expect(cached.ops).toEqual(plain.ops);
      expect(keysOf(cached.newBlocks, cached.cid)).toEqual(keysOf(plain.newBlocks, plain.cid));
      expect(keysOf(cached.relevantBlocks, cached.cid)).toEqual(keysOf(plain.relevantBlocks, plain.cid));
      expect([...cached.removedCids.toArray()].map(String).sort()).toEqual(
        [...plain.removedCids.toArray()].map(String).sort(),
      );
      store.putBlocks(cached.newBlocks);
      head = cached.cid;
      if (writes[0]!.action === "create") live.push(rkey);
      if (writes[0]!.action === "delete") live.splice(live.indexOf(rkey), 1);
    }
    expect(nodes.size).toBeGreaterThan(0);
    expect(Repo.load(store, head).listRecords(collection).length).toBe(live.length);
  });

  it("a cached node decoded at another layer is not reused", () => {
    const tree = Mst.create(store).put("com.example.post/a", cidForRecord(post(1)));
    const { cid, bytes } = tree.root.block;
    store.putBlock(cid, bytes);
    const wrong = new MstNode(tree.root.layer + 1, null, tree.root.entries);
    const nodes = new NodeStore(store, new Map([[cid.key, wrong]]));
    expect(nodes.load(cid, tree.root.layer).layer).toBe(tree.root.layer);
  });

  it("decodeCommit rejects malformed commits with InvalidCommitError", () => {
    const good = repo.commit;
    const bad = [
      { ...good, version: 2 },
      { ...good, did: 5 },
      { ...good, rev: "not-a-tid" },
      { ...good, data: "bafy" },
      { ...good, extra: true },
    ];
    for (const value of bad) {
      const bytes = CBOR.encode(value as never);
      expect(() => decodeCommit({ cid: Cid.create(0x71, bytes), bytes })).toThrow(InvalidCommitError);
    }
    const block = encodeCommit(good);
    expect(decodeCommit(block).rev).toBe(good.rev);
  });
});
