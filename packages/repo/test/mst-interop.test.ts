import * as ref from "@atproto/repo";
import { CID } from "multiformats/cid";
import { BlockMap, Cid, MemoryBlockStore, Mst } from "../src/index.js";
import { type MstImplementation, runMstCases, type TreeUnderTest } from "./mst-cases.js";

function ours(tree: Mst): TreeUnderTest {
  return {
    add: async (key, value) => ours(tree.add(key, Cid.parse(value))),
    delete: async (key) => ours(tree.delete(key)),
    root: async () => tree.rootCid().toString(),
    layer: async () => tree.root.layer,
    proof: async (keys) => {
      const blocks = new BlockMap();
      for (const key of keys) blocks.addMap(tree.coveringProof(key));
      return new Set(blocks.cids().map(String));
    },
  };
}

function reference(tree: ref.MST): TreeUnderTest {
  return {
    // The reference's CID type is its own; it round-trips through the string form.
    add: async (key, value) => reference(await tree.add(key, CID.parse(value) as never)),
    delete: async (key) => reference(await tree.delete(key)),
    root: async () => String(await tree.getPointer()),
    layer: async () => tree.getLayer(),
    proof: async (keys) => {
      const cids = new Set<string>();
      for (const key of keys)
        for (const cid of (await tree.getCoveringProof(key)).cids()) cids.add(String(cid));
      return cids;
    },
  };
}

const implementations: MstImplementation[] = [
  { name: "@putrecord/repo", empty: async () => ours(Mst.create(new MemoryBlockStore())) },
  { name: "@atproto/repo", empty: async () => reference(await ref.MST.create(new ref.MemoryBlockstore())) },
];
for (const impl of implementations) runMstCases(impl);
