import { describe, expect, it } from "vitest";
import { formatRecord, parseRecord, RecordJsonError, rkeyOf } from "../src/lib/record-json.js";

describe("record JSON", () => {
  it("parses an object and round-trips the editor's format", () => {
    const record = { $type: "app.bsky.feed.post", text: "hi" };
    expect(parseRecord(formatRecord(record))).toEqual(record);
  });

  it("refuses broken JSON with the parser's reason, and JSON that is not an object", () => {
    expect(() => parseRecord('{ "text": }')).toThrow(/^Invalid JSON: Unexpected token/);
    for (const text of ["[1]", "null", '"text"', "3"]) {
      expect(() => parseRecord(text), text).toThrow(RecordJsonError);
    }
  });

  it("takes the record key from an at:// URI", () => {
    expect(rkeyOf("at://did:plc:abc/app.bsky.feed.post/3jzfcijpj2z2a")).toBe("3jzfcijpj2z2a");
  });
});
