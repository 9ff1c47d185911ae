// Requests to one repo that reach the same group transaction share commits where their meaning allows
// (src/write/batch.ts). Calls go to the running server's WriteQueue in one tick, so the batch they
// form is deterministic; storage, signatures and the firehose are the real ones.
import { type Cid, verifyRepoCar } from "@putrecord/repo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadCommitSwapError, BadRecordSwapError, RecordAlreadyExistsError } from "../../src/write/errors.js";
import type { PreparedRecordWrite, WritesOutcome } from "../../src/write/types.js";
import {
  createTestAccount,
  getRecord,
  preparedPut,
  startTestPds,
  type TestAccount,
  type TestPds,
  xrpcBytes,
} from "../_util.js";

const COLLECTION = "com.example.batch";
let pds: TestPds;
let alice: TestAccount;

beforeAll(async () => {
  pds = await startTestPds();
  alice = await createTestAccount(pds, "alice");
});
afterAll(() => pds.close());

const write = (
  rkey: string,
  value: Record<string, string | number>,
  action?: "put" | "create",
  swapCid?: Cid | null,
) => preparedPut(COLLECTION, rkey, value, { action, swapCid });

/** Starts every request in the same tick; settles each on its own. */
function sameTick(...requests: { writes: PreparedRecordWrite[]; swapCommit?: Cid }[]) {
  return Promise.allSettled(requests.map((r) => pds.ctx.writes.submit(alice.did, r)));
}

const value = (s: PromiseSettledResult<WritesOutcome>) => {
  if (s.status === "rejected") throw s.reason;
  return s.value;
};

function commitEventsSince(seq: number) {
  return pds.ctx.sequencer.after(seq, 1000).filter((e) => e.type === "commit");
}

describe("write batches", () => {
  it("commit requests in flight together as one signed commit with one firehose event", async () => {
    const from = pds.ctx.sequencer.lastSeq();
    const before = { ...pds.ctx.writes.totals };
    const outcomes = (
      await sameTick(...[1, 2, 3, 4, 5].map((i) => ({ writes: [write(`a${i}`, { i })] })))
    ).map(value);
    // The queue's totals (bench/http-front.ts reads them) count one group of five requests.
    const after = pds.ctx.writes.totals;
    expect([after.groups - before.groups, after.requests - before.requests]).toEqual([1, 5]);
    expect(after.transactionMs).toBeGreaterThan(before.transactionMs);
    expect(after.syncMs).toBeGreaterThan(before.syncMs);
    const commits = new Set(outcomes.map((o) => o.commit?.cid.toString()));
    expect(commits.size).toBe(1);
    const events = commitEventsSince(from);
    expect(events).toHaveLength(1);
    expect((events[0]!.body.ops as { path: string }[]).map((op) => op.path)).toEqual(
      [1, 2, 3, 4, 5].map((i) => `${COLLECTION}/a${i}`),
    );
    expect(String(events[0]!.body.commit)).toBe([...commits][0]);
    for (const [n, o] of outcomes.entries()) {
      expect(o.results[0]).toMatchObject({
        action: "create",
        uri: `at://${alice.did}/${COLLECTION}/a${n + 1}`,
      });
    }
  });

  it("refuse a failing request alone and keep the others' writes in the shared commit", async () => {
    await pds.ctx.writes.submit(alice.did, { writes: [write("b0", { n: 0 })] });
    const [first, clash, fresh, last] = await sameTick(
      { writes: [write("b1", { n: 1 })] },
      { writes: [write("b0", { n: 2 }, "create")] },
      { writes: [write("b2", { n: 2 }, "put", null)] },
      { writes: [write("b3", { n: 3 })] },
    );
    expect(clash).toMatchObject({ status: "rejected", reason: expect.any(RecordAlreadyExistsError) });
    const commit = value(first).commit?.cid.toString();
    expect([fresh, last].map((s) => value(s).commit?.cid.toString())).toEqual([commit, commit]);
    expect((await getRecord(pds, alice.did, COLLECTION, "b0")).body.value).toMatchObject({ n: 0 });
    expect((await getRecord(pds, alice.did, COLLECTION, "b3")).body.value).toMatchObject({ n: 3 });
  });

  it("check swapRecord against the writes before it in the batch", async () => {
    const v1 = write("c1", { n: 1 });
    const [made, fresh, chained, stale] = await sameTick(
      { writes: [v1] },
      { writes: [write("c2", { n: 1 }, "put", null)] },
      { writes: [write("c1", { n: 2 }, "put", v1.block.cid)] },
      { writes: [write("c2", { n: 2 }, "put", null)] },
    );
    expect(value(fresh).commit?.cid).toEqual(value(made).commit?.cid);
    expect(value(chained).commit?.cid).not.toEqual(value(made).commit?.cid);
    expect(stale).toMatchObject({ status: "rejected", reason: expect.any(BadRecordSwapError) });
    expect((await getRecord(pds, alice.did, COLLECTION, "c1")).body.value).toMatchObject({ n: 2 });
  });

  it("give a swapCommit request its own commit, checked against the head the requests before it left", async () => {
    const head = pds.ctx.repos.head(alice.did).cid;
    const [onHead, plain, afterIt] = await sameTick(
      { writes: [write("d1", { n: 1 })], swapCommit: head },
      { writes: [write("d2", { n: 1 })] },
      { writes: [write("d3", { n: 1 })], swapCommit: head },
    );
    expect(value(onHead).commit).not.toBeNull();
    expect(value(plain).commit?.cid).not.toEqual(value(onHead).commit?.cid);
    expect(afterIt).toMatchObject({ status: "rejected", reason: expect.any(BadCommitSwapError) });
  });

  it("never write one path twice in a commit: a second put of it is the next commit, an identical one a no-op", async () => {
    const from = pds.ctx.sequencer.lastSeq();
    const [v1, v2, again] = (
      await sameTick(
        { writes: [write("e1", { n: 1 })] },
        { writes: [write("e1", { n: 2 })] },
        { writes: [write("e1", { n: 2 })] },
      )
    ).map(value);
    expect(v2!.commit?.cid).not.toEqual(v1!.commit?.cid);
    expect(again!.commit).toBeNull();
    expect(again!.results[0]).toMatchObject({ action: "update", cid: v2!.results[0]!.cid });
    const ops = commitEventsSince(from).map((e) => e.body.ops as { action: string; prev?: unknown }[]);
    expect(ops.map((o) => o.map((op) => op.action))).toEqual([["create"], ["update"]]);
    expect(String(ops[1]![0]!.prev)).toBe(String(v1!.results[0]!.cid));
  });

  it("retry each request on its own when together they pass the 2 MB event limit", async () => {
    const big = "x".repeat(900_000);
    const outcomes = (
      await sameTick(...[1, 2, 3].map((i) => ({ writes: [write(`f${i}`, { i, big })] })))
    ).map(value);
    expect(new Set(outcomes.map((o) => o.commit?.cid.toString())).size).toBe(3);
    const car = await xrpcBytes(pds.url, "com.atproto.sync.getRepo", { did: alice.did });
    const repo = verifyRepoCar(car.bytes, { signingKeyDid: pds.ctx.accounts.signingKey(alice.did).did() });
    expect(repo.records.filter((r) => r.collection === COLLECTION && r.rkey.startsWith("f"))).toHaveLength(3);
  });
});
