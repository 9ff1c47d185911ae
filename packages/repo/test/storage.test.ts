import { describe, expect, it } from "vitest";
import {
  BlockMap,
  CidSet,
  encodeBlock,
  MemoryBlockStore,
  MissingBlockError,
  OverlayBlockStore,
  readBlock,
} from "../src/index.js";

const a = encodeBlock({ n: 1 });
const b = encodeBlock({ n: 2 });

describe("block stores", () => {
  it("memory store: get returns null, read throws MissingBlockError with the cid", () => {
    const store = new MemoryBlockStore();
    expect(store.getBlock(a.cid)).toBeNull();
    const err = (() => {
      try {
        readBlock(store, a.cid);
      } catch (e) {
        return e as MissingBlockError;
      }
    })();
    expect(err).toBeInstanceOf(MissingBlockError);
    expect(err!.cid).toBe(a.cid);
    store.putBlock(a.cid, a.bytes);
    expect(readBlock(store, a.cid)).toBe(a.bytes);
    expect(store.hasBlock(a.cid)).toBe(true);
  });

  it("overlay reads upper then lower, writes only upper", () => {
    const lower = new MemoryBlockStore();
    lower.putBlock(a.cid, a.bytes);
    const upper = new MemoryBlockStore();
    const overlay = new OverlayBlockStore(upper, lower);
    overlay.putBlocks(new BlockMap().set(b.cid, b.bytes));
    expect(overlay.getBlock(a.cid)).toBe(a.bytes);
    expect(overlay.getBlock(b.cid)).toBe(b.bytes);
    expect(lower.hasBlock(b.cid)).toBe(false);
    expect(upper.hasBlock(a.cid)).toBe(false);
  });

  it("BlockMap and CidSet compare CIDs by value", () => {
    const map = new BlockMap().set(a.cid, a.bytes).set(encodeBlock({ n: 1 }).cid, a.bytes);
    expect(map.size).toBe(1);
    expect(map.byteSize).toBe(a.bytes.length);
    const set = new CidSet([a.cid, encodeBlock({ n: 1 }).cid, b.cid]);
    expect(set.size).toBe(2);
    set.delete(b.cid);
    expect(set.has(b.cid)).toBe(false);
  });
});
