// Frames are spliced from the stored event bytes (src/sequencer/splice.ts); they must be exactly the
// bytes of encoding the decoded body with seq and time.
import { CBOR, type LexMap } from "@putrecord/repo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeFrame } from "../../src/sequencer/events.js";
import { spliceMap } from "../../src/sequencer/splice.js";
import { createTestAccount, putRecord, startTestPds, type TestPds, xrpc } from "../_util.js";

const concat = (a: Uint8Array, b: Uint8Array) => new Uint8Array(Buffer.concat([a, b]));

describe("spliceMap", () => {
  const cases: [string, LexMap][] = [
    ["an empty map", {}],
    ["keys before, between and after", { a: 1, seqq: [1, { x: null }], tim: "t", zzzzzz: true }],
    ["30 keys (a two-byte map head)", Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]))],
    ["nested maps, bytes, big integers", { m: { seq: 1 }, b: new Uint8Array(300), n: 2 ** 40, neg: -5 }],
  ];
  it.each(cases)("adds seq and time to %s exactly as encoding the merged map", (_, map) => {
    const prefix = Uint8Array.of(1, 2, 3);
    const got = spliceMap(prefix, CBOR.encode(map), [
      { key: CBOR.encode("seq"), value: CBOR.encode(123456) },
      { key: CBOR.encode("time"), value: CBOR.encode("2026-01-01T00:00:00.000Z") },
    ]);
    const want = concat(prefix, CBOR.encode({ ...map, seq: 123456, time: "2026-01-01T00:00:00.000Z" }));
    expect(Buffer.from(got).equals(Buffer.from(want))).toBe(true);
  });
});

describe("encodeFrame", () => {
  let pds: TestPds;
  beforeAll(async () => {
    pds = await startTestPds();
    const alice = await createTestAccount(pds, "alice");
    for (let i = 0; i < 5; i++)
      await putRecord(pds, alice, "com.example.f", `r${i}`, { i, s: "x".repeat(i * 50) });
    await xrpc(pds.url, "com.atproto.server.deactivateAccount", { body: {}, token: alice.accessJwt });
    await xrpc(pds.url, "com.atproto.server.activateAccount", { body: {}, token: alice.accessJwt });
  });
  afterAll(() => pds.close());

  it("gives every stored event (#identity, #account, #commit, #sync) the bytes of re-encoding it", () => {
    const events = pds.ctx.sequencer.after(0, 1000);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(["identity", "account", "commit", "sync"]));
    for (const evt of events) {
      const header = CBOR.encode({ op: 1, t: `#${evt.type}` });
      const want = concat(header, CBOR.encode({ ...evt.body, seq: evt.seq, time: evt.time }));
      expect(Buffer.from(encodeFrame(evt)).equals(Buffer.from(want)), `seq ${evt.seq}`).toBe(true);
    }
  });
});
