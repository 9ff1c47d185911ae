import { describe, expect, it, vi } from "vitest";
import {
  Cid,
  CidMismatchError,
  DAG_CBOR,
  InvalidCidError,
  isValidCidSyntax,
  matchesCid,
  RAW,
  Tid,
} from "../src/index.js";
import { vectorLines } from "./_util.js";

describe("CID", () => {
  it.each(vectorLines("syntax/cid_syntax_valid.txt"))("syntax accepts %j", (text) => {
    expect(isValidCidSyntax(text)).toBe(true);
  });
  it.each(vectorLines("syntax/cid_syntax_invalid.txt"))("syntax rejects %j", (text) => {
    expect(isValidCidSyntax(text)).toBe(false);
  });

  it("parses and prints base32 CIDv1 of both codecs", () => {
    for (const text of [
      "bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454",
      "bafkreiccldh766hwcnuxnf2wh6jgzepf2nlu2lvcllt63eww5p6chi4ity",
    ]) {
      const cid = Cid.parse(text);
      expect(Cid.decode(cid.bytes).toString()).toBe(text);
    }
    expect(Cid.parse("bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454").codec).toBe(DAG_CBOR);
  });

  it("hashes raw and dag-cbor bytes", () => {
    const bytes = new TextEncoder().encode("hello");
    const raw = Cid.create(RAW, bytes);
    expect(raw.toString().startsWith("bafkrei")).toBe(true);
    expect(matchesCid(raw, bytes)).toBe(true);
    expect(matchesCid(raw, new TextEncoder().encode("hellp"))).toBe(false);
    expect(Cid.create(DAG_CBOR, bytes).equals(raw)).toBe(false);
  });

  it("rejects CIDv0, bad base32 and truncated bytes with InvalidCidError", () => {
    expect(() => Cid.parse("QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR")).toThrow(InvalidCidError);
    expect(() => Cid.parse("bafyrei!!")).toThrow(InvalidCidError);
    expect(() => Cid.decode(new Uint8Array([1, 0x71, 0x12, 0x20, 1, 2]))).toThrow(InvalidCidError);
    expect(Cid.attemptParse("nope")).toBeNull();
  });

  it("CidMismatchError names both CIDs", () => {
    const a = Cid.create(RAW, new Uint8Array([1]));
    const b = Cid.create(RAW, new Uint8Array([2]));
    expect(new CidMismatchError(a, b).message).toContain(a.toString());
  });
});

describe("TID", () => {
  it.each(vectorLines("syntax/tid_syntax_valid.txt"))("accepts %j", (text) => {
    expect(Tid.isValid(text)).toBe(true);
  });
  it.each(vectorLines("syntax/tid_syntax_invalid.txt"))("rejects %j", (text) => {
    expect(Tid.isValid(text)).toBe(false);
  });

  it("keeps increasing when the wall clock steps back", () => {
    const before = Tid.next();
    const spy = vi.spyOn(Date, "now").mockReturnValue(Date.now() - 3_600_000);
    try {
      const a = Tid.next();
      const b = Tid.next();
      expect(a > before).toBe(true);
      expect(b > a).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  it("round-trips timestamp and clock id", () => {
    const tid = Tid.create(1_700_000_000_000_000, 1023);
    expect(Tid.isValid(tid)).toBe(true);
    expect(Tid.parse(tid)).toEqual({ timestamp: 1_700_000_000_000_000, clockId: 1023 });
  });

  it("is strictly increasing, even past a previous rev from the future", () => {
    let prev = Tid.next();
    for (let i = 0; i < 10_000; i++) {
      const next = Tid.next();
      expect(next > prev).toBe(true);
      prev = next;
    }
    const future = Tid.create(Date.now() * 1000 + 3_600_000_000, 0);
    const after = Tid.next(future);
    expect(after > future).toBe(true);
    expect(Tid.next() > after).toBe(true);
  });
});
