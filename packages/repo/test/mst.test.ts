import { beforeAll, describe, expect, it } from "vitest";
import {
  BlockMap,
  Cid,
  countPrefixLen,
  encodeBlock,
  InvalidMstKeyError,
  InvalidMstNodeError,
  isValidMstKey,
  keyHeight,
  MemoryBlockStore,
  Mst,
  MstKeyExistsError,
  MstKeyNotFoundError,
  verifyMst,
} from "../src/index.js";
import { generateKeys, randomCid, shuffle, vectorJson, vectorLines } from "./_util.js";

const CID1 = Cid.parse("bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454");
const R = "com.example.record/";

function build(keys: Iterable<[string, Cid]>, store = new MemoryBlockStore()): Mst {
  let mst = Mst.create(store);
  for (const [k, v] of keys) mst = mst.add(k, v);
  return mst;
}

function save(mst: Mst, store: MemoryBlockStore): Cid {
  store.putBlocks(mst.unstoredBlocks());
  return mst.rootCid();
}

describe("MST key vectors", () => {
  it.each(vectorJson<{ key: string; height: number }[]>("mst/key_heights.json"))("height of %j", (v) => {
    expect(keyHeight(v.key)).toBe(v.height);
  });
  it.each(vectorJson<{ left: string; right: string; len: number }[]>("mst/common_prefix.json"))(
    "common prefix %j",
    (v) => {
      expect(countPrefixLen(v.left, v.right)).toBe(v.len);
    },
  );
});

describe("MST with 1,000 shuffled keys", () => {
  const entries = generateKeys(1000);
  const shuffled = shuffle(entries, 3);
  let mst: Mst;
  let store: MemoryBlockStore;

  beforeAll(() => {
    store = new MemoryBlockStore();
    mst = build(shuffled, store);
  });

  it("adds records and reads every one back", () => {
    for (const [k, v] of entries) expect(mst.get(k)?.equals(v)).toBe(true);
    expect([...mst.leaves()].length).toBe(1000);
  });

  it("is order independent", () => {
    const again = build(shuffle(entries, 99));
    expect(again.rootCid().equals(mst.rootCid())).toBe(true);
    const sorted = build([...entries].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    expect(sorted.rootCid().equals(mst.rootCid())).toBe(true);
    const bulk = Mst.fromLeaves(
      new MemoryBlockStore(),
      shuffled.map(([key, value]) => ({ key, value })),
    );
    expect(bulk.rootCid().equals(mst.rootCid())).toBe(true);
    expect(() =>
      Mst.fromLeaves(
        new MemoryBlockStore(),
        [...shuffled, shuffled[0]!].map(([key, value]) => ({ key, value })),
      ),
    ).toThrow(MstKeyExistsError);
  });

  it("edits records", () => {
    let edited = mst;
    const changes = shuffled.slice(0, 100).map(([k]) => [k, randomCid()] as const);
    for (const [k, v] of changes) edited = edited.update(k, v);
    for (const [k, v] of changes) expect(edited.get(k)?.equals(v)).toBe(true);
    expect([...edited.leaves()].length).toBe(1000);
    expect(edited.rootCid().equals(mst.rootCid())).toBe(false);
  });

  it("deletes records, and deleting all returns the empty root", () => {
    let deleted = mst;
    for (const [k] of shuffled.slice(0, 100)) deleted = deleted.delete(k);
    expect([...deleted.leaves()].length).toBe(900);
    for (const [k] of shuffled.slice(0, 100)) expect(deleted.get(k)).toBeNull();
    for (const [k, v] of shuffled.slice(100)) expect(deleted.get(k)?.equals(v)).toBe(true);
    expect(deleted.rootCid().equals(build(shuffled.slice(100)).rootCid())).toBe(true);
    for (const [k] of shuffle(shuffled.slice(100), 5)) deleted = deleted.delete(k);
    expect(deleted.rootCid().equals(Mst.create(store).rootCid())).toBe(true);
  });

  it("put of the same value and delete of a missing key are no-ops", () => {
    const [k, v] = entries[10]!;
    expect(mst.put(k, v)).toBe(mst);
    expect(mst.delete(`${R}3zzzzzzzzzzzz`)).toBe(mst);
    expect(() => mst.add(k, v)).toThrow(MstKeyExistsError);
    expect(() => mst.update(`${R}3zzzzzzzzzzzz`, v)).toThrow(MstKeyNotFoundError);
  });

  it("saves and loads from a block store", () => {
    const root = save(mst, store);
    const loaded = Mst.load(store, root);
    expect(loaded.rootCid().equals(root)).toBe(true);
    const pairs = (m: Mst) => [...m.leaves()].map((l) => `${l.key}=${l.value.toString()}`);
    expect(pairs(loaded)).toEqual(pairs(mst));
    const edited = loaded.put(entries[0]![0], randomCid());
    expect(edited.unstoredBlocks().size).toBeLessThan(15);
  });

  it("lists ranges and prefixes in both directions", () => {
    const sorted = [...entries].map(([k]) => k).sort();
    expect(mst.list({ limit: 5 }).map((l) => l.key)).toEqual(sorted.slice(0, 5));
    expect(mst.list({ after: sorted[10], before: sorted[20] }).map((l) => l.key)).toEqual(
      sorted.slice(11, 20),
    );
    expect(mst.list({ reverse: true, limit: 3 }).map((l) => l.key)).toEqual(sorted.slice(-3).reverse());
    expect(mst.list({ prefix: R, before: sorted[3] }).map((l) => l.key)).toEqual(sorted.slice(0, 3));
    expect(mst.list({ prefix: "com.example.other/" })).toEqual([]);
    const withOther = mst.add("com.example.other/a", CID1).add("com.example.recordz/b", CID1);
    expect(withOther.list({ prefix: R }).length).toBe(1000);
    expect(withOther.list({ prefix: "com.example.other/" }).map((l) => l.key)).toEqual([
      "com.example.other/a",
    ]);
  });

  it("diffs: creates, updates and deletes with old and new CIDs, and every new node", () => {
    const root = save(mst, store);
    const base = Mst.load(store, root);
    let next = base;
    const adds = generateKeys(100, 4242).filter(([k]) => base.get(k) === null);
    const edits = shuffled.slice(500, 600).map(([k, v]) => [k, v, randomCid()] as const);
    const dels = shuffled.slice(400, 500);
    for (const [k, v] of adds) next = next.add(k, v);
    for (const [k, , v] of edits) next = next.update(k, v);
    for (const [k] of dels) next = next.delete(k);
    const diff = next.diff(base);
    const byAction = (a: string) => diff.ops.filter((o) => o.action === a);
    expect(byAction("create").length).toBe(adds.length);
    expect(byAction("update").length).toBe(100);
    expect(byAction("delete").length).toBe(100);
    for (const [k, prev, cid] of edits) {
      expect(diff.ops).toContainEqual({ action: "update", key: k, cid, prev });
    }
    for (const [k, prev] of dels)
      expect(diff.ops).toContainEqual({ action: "delete", key: k, cid: null, prev });
    // Every node of the new tree is either already stored or among the new blocks.
    for (const node of next.nodes())
      expect(store.hasBlock(node.cid) || diff.newNodes.has(node.cid)).toBe(true);
    for (const cid of diff.removedNodes) expect(diff.newNodes.has(cid)).toBe(false);
    // The reverse diff swaps the roles.
    const back = base.diff(next);
    expect(back.ops.length).toBe(diff.ops.length);
    expect(base.diff(base).ops).toEqual([]);
  });
});

describe("MST example keys", () => {
  // Each example key names its own layer: "D2/269196" sits on layer 2.
  const keys = vectorLines("mst/example_keys.txt");
  it.each(keys)("%s is on the layer its name gives", (key) => {
    expect(keyHeight(key)).toBe(Number(key.slice(1, key.indexOf("/"))));
  });
  it("all of them build the same tree in any order, and list back sorted", () => {
    const leaves = keys.map((key) => [key, CID1] as [string, Cid]);
    const a = build(shuffle(leaves, 1));
    expect(build(shuffle(leaves, 2)).rootCid().equals(a.rootCid())).toBe(true);
    expect(a.list().map((l) => l.key)).toEqual([...keys].sort());
  });
});

describe("MST keys accept every valid record key", () => {
  // Record-key and MST-key checks must share a charset (atproto #3972: `~` rkeys once gave 500s).
  it.each(vectorLines("syntax/recordkey_syntax_valid.txt"))("com.example.record/%s", (rkey) => {
    expect(isValidMstKey(`com.example.record/${rkey}`)).toBe(true);
  });
});

describe("MST allowable keys", () => {
  const mst = Mst.create(new MemoryBlockStore());
  const rejected = [
    "",
    "asdf",
    "nested/collection/asdf",
    "coll/",
    "/rkey",
    "coll/jalapeñoA",
    "coll/coöperative",
  ];
  rejected.push("coll/abc💩", "coll/key$", "coll/key%", "coll/key(", "coll/key)", "coll/key+", "coll/key=");
  rejected.push(
    "coll/@handle",
    "coll/any space",
    "coll/#extra",
    "coll/number[3]",
    "coll/dHJ1ZQ==",
    'coll/"quote"',
  );
  rejected.push(`coll/${"a".repeat(1020)}`);
  it.each(rejected)("rejects %j", (key) => {
    expect(() => mst.add(key, CID1)).toThrow(InvalidMstKeyError);
  });
  const allowed = ["coll/3jui7kd54zh2y", "coll/self", "coll/example.com", "com.example/rkey", "coll/~1.2-3_"];
  allowed.push("coll/dHJ1ZQ", "coll/pre:fix", "coll/_");
  it.each(allowed)("allows %j", (key) => {
    expect(mst.add(key, CID1).get(key)?.equals(CID1)).toBe(true);
  });
});

describe("MST keys read from blocks", () => {
  // A foreign node (an imported or received repo) whose key is not a valid repo path must be refused
  // as read, not decoded as windows-1252 into some other key (UTF-8 "é" read back as "Ã©").
  const node = (...keys: Uint8Array[]) =>
    encodeBlock({ l: null, e: keys.map((k) => ({ p: 0, k, v: CID1, t: null })) });
  const bytes = (...parts: (string | number[])[]) =>
    new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));
  const foreign: [string, Uint8Array, string][] = [
    ["UTF-8 é", bytes("coll/caf", [0xc3, 0xa9]), '"coll/caf\\xc3\\xa9"'],
    ["0x80 (€ in windows-1252)", bytes("coll/", [0x80]), '"coll/\\x80"'],
    ["a NUL byte", bytes("coll/a", [0]), '"coll/a\\x00"'],
    ["no slash", bytes("collection"), '"collection"'],
    ["a space", bytes("coll/a b"), '"coll/a b"'],
  ];
  it.each(foreign)("refuses a key with %s, naming its bytes", (_, key, shown) => {
    const block = node(key);
    const store = new MemoryBlockStore();
    store.putBlocks(new BlockMap().set(block.cid, block.bytes));
    const read = () => Mst.load(store, block.cid).list();
    expect(read).toThrow(InvalidMstNodeError);
    expect(read).toThrow(`entry 0 has an invalid key ${shown}`);
    expect(() => [...verifyMst(store, block.cid)]).toThrow(InvalidMstNodeError);
  });

  it("reads valid keys exactly, prefix-compressed ones too", () => {
    const block = encodeBlock({
      l: null,
      e: [
        { p: 0, k: bytes("coll/a~b"), v: CID1, t: null },
        { p: 7, k: bytes("c:d"), v: CID1, t: null },
      ],
    });
    const store = new MemoryBlockStore();
    store.putBlocks(new BlockMap().set(block.cid, block.bytes));
    expect(
      Mst.load(store, block.cid)
        .list()
        .map((l) => l.key),
    ).toEqual(["coll/a~b", "coll/a~c:d"]);
  });
});

interface ProofFixture {
  comment: string;
  leafValue: string;
  keys: string[];
  adds: string[];
  dels: string[];
  rootBeforeCommit: string;
  rootAfterCommit: string;
  blocksInProof: string[];
}

describe("firehose commit-proof fixtures", () => {
  for (const f of vectorJson<ProofFixture[]>("firehose/commit-proof-fixtures.json")) {
    it(f.comment, () => {
      const leaf = Cid.parse(f.leafValue);
      let mst = build(f.keys.map((k) => [k, leaf]));
      expect(mst.rootCid().toString()).toBe(f.rootBeforeCommit);
      for (const k of f.adds) mst = mst.add(k, leaf);
      for (const k of f.dels) mst = mst.delete(k);
      expect(mst.rootCid().toString()).toBe(f.rootAfterCommit);
      const proof = new BlockMap();
      for (const k of [...f.adds, ...f.dels]) proof.addMap(mst.coveringProof(k));
      for (const cid of f.blocksInProof) expect(proof.has(Cid.parse(cid))).toBe(true);
      // Undo the commit in every order, from the proof blocks alone.
      const inverts = [
        ...f.adds.map((k) => (m: Mst) => m.delete(k)),
        ...f.dels.map((k) => (m: Mst) => m.add(k, leaf)),
      ];
      for (const order of permutations(inverts)) {
        const proofStore = new MemoryBlockStore();
        proofStore.putBlocks(proof);
        let inverted = Mst.load(proofStore, mst.rootCid());
        for (const fn of order) inverted = fn(inverted);
        expect(inverted.rootCid().toString()).toBe(f.rootBeforeCommit);
      }
    });
  }
});

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [item, ...p]),
  );
}
