import { describe, expect, it } from "vitest";
import { type Cid, MemoryBlockStore, Mst } from "../src/index.js";
import { generateKeys, randomCid, shuffle } from "./_util.js";

function nodeCids(mst: Mst): Set<string> {
  return new Set([...mst.nodes()].map((n) => n.cid.toString()));
}

function leafMap(mst: Mst): Map<string, Cid> {
  return new Map([...mst.leaves()].map((l) => [l.key, l.value]));
}

describe("MST diff against a naive comparison", () => {
  for (let round = 0; round < 8; round++) {
    it(`random edits, round ${round}`, () => {
      const store = new MemoryBlockStore();
      const all = generateKeys(400, 100 + round);
      const base = shuffle(all, round).slice(0, 250 + round * 10);
      let before = Mst.fromLeaves(
        store,
        base.map(([key, value]) => ({ key, value })),
      );
      store.putBlocks(before.unstoredBlocks());
      before = Mst.load(store, before.rootCid());

      let after = before;
      const ops = shuffle(all, round + 50).slice(0, 5 + round * 15);
      for (const [i, [key, value]] of ops.entries()) {
        if (i % 3 === 0) after = after.delete(key);
        else if (i % 3 === 1) after = after.put(key, value);
        else after = after.put(key, randomCid());
      }
      const diff = after.diff(before);

      const oldLeaves = leafMap(before);
      const newLeaves = leafMap(after);
      const expected: string[] = [];
      for (const key of new Set([...oldLeaves.keys(), ...newLeaves.keys()])) {
        const a = oldLeaves.get(key);
        const b = newLeaves.get(key);
        if (a && !b) expected.push(`delete ${key} ${a}`);
        else if (!a && b) expected.push(`create ${key} ${b}`);
        else if (a && b && !a.equals(b)) expected.push(`update ${key} ${b} ${a}`);
      }
      const got = diff.ops.map((op) =>
        op.action === "delete"
          ? `delete ${op.key} ${op.prev}`
          : op.action === "create"
            ? `create ${op.key} ${op.cid}`
            : `update ${op.key} ${op.cid} ${op.prev}`,
      );
      expect(got).toEqual(expected.sort((x, y) => (x.split(" ")[1]! < y.split(" ")[1]! ? -1 : 1)));

      const oldNodes = nodeCids(before);
      const newNodes = nodeCids(after);
      expect(new Set(diff.newNodes.cids().map(String))).toEqual(
        new Set([...newNodes].filter((c) => !oldNodes.has(c))),
      );
      expect(new Set(diff.removedNodes.toArray().map(String))).toEqual(
        new Set([...oldNodes].filter((c) => !newNodes.has(c))),
      );
    });
  }
});
