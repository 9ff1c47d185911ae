import { describe, expect, it } from "vitest";
import {
  CBOR,
  CborDecodeError,
  Cid,
  cidForRecord,
  encodeBlock,
  InvalidDataError,
  jsonToLex,
  jsonToRecord,
  lexToJson,
} from "../src/index.js";
import { fromBase64, vectorJson } from "./_util.js";

interface Fixture {
  json: unknown;
  cbor_base64: string;
  cid: string;
}
interface Case {
  note: string;
  json: unknown;
}

describe("data-model fixtures", () => {
  for (const [i, f] of vectorJson<Fixture[]>("data-model/data-model-fixtures.json").entries()) {
    it(`fixture ${i}: JSON → exact CBOR bytes and CID, and back`, () => {
      const lex = jsonToLex(f.json);
      const block = encodeBlock(lex);
      expect(Buffer.from(block.bytes).toString("base64url")).toBe(
        Buffer.from(fromBase64(f.cbor_base64)).toString("base64url"),
      );
      expect(block.cid.toString()).toBe(f.cid);
      expect(cidForRecord(lex).toString()).toBe(f.cid);
      const decoded = CBOR.decode(block.bytes);
      expect(lexToJson(decoded)).toEqual(f.json);
    });
  }
});

describe("data-model valid and invalid lists", () => {
  for (const c of vectorJson<Case[]>("data-model/data-model-valid.json")) {
    it(`accepts: ${c.note}`, () => {
      const lex = jsonToRecord(c.json);
      expect(lexToJson(CBOR.decode(CBOR.encode(lex)))).toEqual(c.json);
    });
  }
  for (const c of vectorJson<Case[]>("data-model/data-model-invalid.json")) {
    it(`rejects: ${c.note}`, () => {
      expect(() => jsonToRecord(c.json)).toThrow(InvalidDataError);
    });
  }
});

describe("jsonToLex", () => {
  it("names the JSON path of a float", () => {
    const err = catchError(() => jsonToLex({ description: 1.5, tags: ["a", 2.5] }, "$.record"));
    expect(err).toBeInstanceOf(InvalidDataError);
    expect((err as InvalidDataError).path).toBe("$.record.description");
    const nested = catchError(() => jsonToLex({ tags: ["a", 2.5] }, "$.record")) as InvalidDataError;
    expect(nested.path).toBe("$.record.tags[1]");
  });

  it("rejects integers outside the safe range and non-plain values", () => {
    expect(() => jsonToLex({ n: 2 ** 53 })).toThrow(/safe range/);
    expect(() => jsonToLex({ d: new Date() })).toThrow(InvalidDataError);
    expect(() => jsonToLex({ u: undefined })).toThrow(InvalidDataError);
  });

  it("keeps __proto__ as a plain key", () => {
    const lex = jsonToLex(JSON.parse('{"__proto__": {"a": 1}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(lex)).toBe(Object.prototype);
    expect(Object.keys(lex)).toEqual(["__proto__"]);
  });

  it("rejects nesting past the depth limit with a typed error", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 4000; i++) deep = { a: deep };
    expect(() => jsonToLex(deep)).toThrow(InvalidDataError);
  });
});

describe("CBOR encoder", () => {
  it("sorts map keys by length, then bytes", () => {
    const bytes = CBOR.encode({ bb: 1, a: 2, c: 3, aaa: 4 });
    expect(Object.keys(CBOR.decode(bytes) as object)).toEqual(["a", "c", "bb", "aaa"]);
  });

  it("rejects floats, undefined and unsafe integers with a path", () => {
    expect(() => CBOR.encode({ a: [1, 0.5] })).toThrow(/path=\$\.a\[1\]/);
    expect(() => CBOR.encode({ a: undefined as never })).toThrow(InvalidDataError);
    expect(() => CBOR.encode(-(2 ** 53))).toThrow(/safe range/);
  });

  it("round-trips integer edges, unicode, bytes and links", () => {
    const cid = Cid.parse("bafyreie5cvv4h45feadgeuwhbcutmh6t2ceseocckahdoe6uat64zmz454");
    const value = {
      ints: [0, 23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER],
      negs: [-1, -24, -25, -256, -257, -(2 ** 32), Number.MIN_SAFE_INTEGER],
      text: "héllo ⽘ 😀".repeat(20),
      bytes: new Uint8Array([0, 1, 2, 255]),
      link: cid,
    };
    const back = CBOR.decode(CBOR.encode(value)) as typeof value;
    expect(back.ints).toEqual(value.ints);
    expect(back.negs).toEqual(value.negs);
    expect(back.text).toBe(value.text);
    expect(back.bytes).toEqual(value.bytes);
    expect(back.link.equals(cid)).toBe(true);
  });

  // Issue 13, finding 6: TextDecoder's default (ignoreBOM: false) dropped a leading U+FEFF on read.
  it("keeps a leading U+FEFF in strings and map keys", () => {
    const value = { text: "\ufeffhello", "\ufeffa": 1, a: 2, list: ["\ufeff", "\ufeff\ufeffé"] };
    const back = CBOR.decode(CBOR.encode(value)) as Record<string, unknown>;
    expect(back).toEqual(value);
    expect(Object.keys(back)).toHaveLength(4);
    expect(lexToJson(CBOR.decode(encodeBlock(jsonToRecord(value)).bytes))).toEqual(value);
  });

  // Issue 13, finding 11: TextEncoder wrote a lone surrogate as U+FFFD, so the stored text differed.
  it("refuses lone surrogates in strings and keys instead of replacing them", () => {
    for (const bad of ["a\ud800b", "\udc00", "x".repeat(100) + "\ud83d"]) {
      expect(() => CBOR.encode({ text: bad })).toThrow(/lone surrogate.*path=\$\.text/);
      expect(() => CBOR.encode({ [bad]: 1 })).toThrow(InvalidDataError);
    }
    expect(CBOR.decode(CBOR.encode({ t: "\ud83d\ude00" }))).toEqual({ t: "😀" });
  });
});

describe("CBOR decoder rejects what DAG-CBOR forbids", () => {
  const bad: [string, string][] = [
    ["float", "fa3fc00000"],
    ["undefined", "f7"],
    ["indefinite-length array", "9f01ff"],
    ["non-minimal integer", "1817"],
    ["unsorted map keys", "a2616201616101"],
    ["duplicate map keys", "a2616101616101"],
    ["non-string map key", "a10101"],
    ["unknown tag", "c101"],
    ["truncated input", "6361"],
    ["trailing bytes", "0101"],
    ["invalid utf-8", "62c328"],
    ["cid without identity prefix", "d82a4401711220"],
  ];
  for (const [name, hex] of bad) {
    it(name, () => {
      const err = catchError(() => CBOR.decode(Buffer.from(hex, "hex")));
      expect(err).toBeInstanceOf(CborDecodeError);
      expect(typeof (err as CborDecodeError).offset).toBe("number");
    });
  }
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}
