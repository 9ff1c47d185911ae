import { verifyRepoCar } from "@putrecord/repo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestAccount,
  getRecord,
  putRecord,
  startTestPds,
  type TestAccount,
  type TestPds,
  xrpcBytes,
} from "../_util.js";

const WRITERS = 16;
let pds: TestPds;
let alice: TestAccount;
let bob: TestAccount;

beforeAll(async () => {
  pds = await startTestPds();
  alice = await createTestAccount(pds, "alice");
  bob = await createTestAccount(pds, "bob");
});
afterAll(() => pds.close());

describe("concurrent writers", () => {
  it("lose no update: 16 writers incrementing one counter with swapRecord all land", async () => {
    await putRecord(pds, alice, "com.example.counter", "c", { n: 0 });
    const PER_WRITER = 2;
    let conflicts = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        for (let done = 0; done < PER_WRITER; ) {
          const current = (await getRecord(pds, alice.did, "com.example.counter", "c")).body;
          // The writer's id keeps two writers' records distinct: an identical put is a no-op that skips swaps.
          const next = { n: current.value.n + 1, writer };
          const res = await putRecord(pds, alice, "com.example.counter", "c", next, {
            swapRecord: current.cid,
          });
          if (res.status === 200) done++;
          else {
            expect(res.body.error).toBe("InvalidSwap");
            conflicts++;
          }
        }
      }),
    );
    expect((await getRecord(pds, alice.did, "com.example.counter", "c")).body.value.n).toBe(
      WRITERS * PER_WRITER,
    );
    expect(conflicts).toBeGreaterThan(0);
  });

  it("put every concurrent write in exactly one commit, revs strictly increasing, and the repo verifies", async () => {
    const from = pds.ctx.sequencer.lastSeq();
    const results = await Promise.all(
      Array.from({ length: WRITERS * 4 }, (_, i) =>
        putRecord(pds, alice, "com.example.many", `k${i}`, { i }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const events = pds.ctx.sequencer.after(from, 1000).filter((e) => e.type === "commit");
    const revs = events.map((e) => e.body.rev as string);
    expect([...new Set(revs)].sort()).toEqual(revs);
    // Each response names the commit whose firehose event carries its create, and no other event does.
    results.forEach((r, i) => {
      const carrying = events.filter((e) =>
        (e.body.ops as { path: string; cid: { toString(): string } }[]).some(
          (op) => op.path === `com.example.many/k${i}` && op.cid.toString() === r.body.cid,
        ),
      );
      expect(carrying).toHaveLength(1);
      expect(String(carrying[0]!.body.commit)).toBe(r.body.commit.cid);
      expect(carrying[0]!.body.rev).toBe(r.body.commit.rev);
    });
    const car = await xrpcBytes(pds.url, "com.atproto.sync.getRepo", { did: alice.did });
    const repo = verifyRepoCar(car.bytes, { signingKeyDid: pds.ctx.accounts.signingKey(alice.did).did() });
    expect(repo.records.filter((r) => r.collection === "com.example.many")).toHaveLength(WRITERS * 4);
  });

  it("isolate writers: one repo's failing swaps do not fail another repo's writes in the same group", async () => {
    const bad = Array.from({ length: 8 }, (_, i) =>
      putRecord(
        pds,
        bob,
        "com.example.iso",
        `b${i}`,
        {},
        { swapCommit: "bafyreigbtj4x7ip5legnfznufuopl4sg4knzc2cof6duas4b3q2fy6swua" },
      ),
    );
    const good = Array.from({ length: 8 }, (_, i) => putRecord(pds, alice, "com.example.iso", `a${i}`, {}));
    const [bads, goods] = await Promise.all([Promise.all(bad), Promise.all(good)]);
    expect(bads.map((r) => r.body.error)).toEqual(Array(8).fill("InvalidSwap"));
    expect(goods.map((r) => r.status)).toEqual(Array(8).fill(200));
  });
});
