// Property tests of the data model through the core (issue 13, must-hold 3): random records in JSON form
// convert, encode and decode back exactly, and encoding is canonical (decoding then re-encoding gives the
// same bytes). Strings with lone surrogates are refused, never replaced. A longer run: bench/fuzz.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CBOR, InvalidDataError, isWellFormed, jsonToRecord, lexToJson } from "../src/index.js";
import { anyUtf16, recordFields } from "./arbitrary.js";
import { canonicalJson } from "./canonical-json.js";

// Short in the suite (a second or so); bench/fuzz.ts runs as many as asked.
const RUNS = 300;

describe("data model fuzz", () => {
  it("round-trips random records exactly: JSON → data model → DAG-CBOR → JSON", () => {
    fc.assert(
      fc.property(recordFields(), (json) => {
        const bytes = CBOR.encode(jsonToRecord(json));
        const decoded = CBOR.decode(bytes);
        expect(canonicalJson(lexToJson(decoded))).toBe(canonicalJson(json));
        expect(CBOR.encode(decoded)).toEqual(bytes);
      }),
      { numRuns: RUNS },
    );
  });

  it("encodes a string exactly when it is well-formed Unicode, and refuses it otherwise", () => {
    fc.assert(
      fc.property(anyUtf16, (s) => {
        if (isWellFormed(s)) {
          expect(CBOR.decode(CBOR.encode({ [s]: s }))).toEqual({ [s]: s });
        } else {
          expect(() => CBOR.encode({ t: s })).toThrow(InvalidDataError);
          expect(() => CBOR.encode({ [s]: 1 })).toThrow(InvalidDataError);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
