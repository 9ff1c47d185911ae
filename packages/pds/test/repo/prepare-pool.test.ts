// Records prepared on worker threads (src/write/prepare-pool.ts) under concurrent writers: swaps still
// hold, every write lands once, and a refused record gets the same answer as on the main thread.
import { jsonToRecord, Tid } from "@putrecord/repo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareRecordWrite, type RecordWriteInput } from "../../src/write/prepare.js";
import { PreparePool } from "../../src/write/prepare-pool.js";
import {
  createTestAccount,
  getRecord,
  putRecord,
  sleep,
  startTestPds,
  type TestAccount,
  type TestPds,
} from "../_util.js";

const WRITERS = 16;
const PROFILE = "app.bsky.actor.profile";
let pds: TestPds;
let alice: TestAccount;

beforeAll(async () => {
  pds = await startTestPds({ prepareThreads: 1 });
  alice = await createTestAccount(pds, "alice");
  pds.ctx.prepare.start();
  while (!pds.ctx.prepare.ready) await sleep(20);
});
afterAll(() => pds.close());

describe("records prepared on worker threads", () => {
  it("keep swaps: 16 writers incrementing one validated record with swapRecord all land", async () => {
    await putRecord(pds, alice, PROFILE, "self", { $type: PROFILE, displayName: "0" });
    const before = pds.ctx.prepare.offloaded;
    const PER_WRITER = 2;
    let conflicts = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        for (let done = 0; done < PER_WRITER; ) {
          const current = (await getRecord(pds, alice.did, PROFILE, "self")).body;
          const n = Number(current.value.displayName) + 1;
          const next = { $type: PROFILE, displayName: String(n), description: `writer ${writer}` };
          const res = await putRecord(pds, alice, PROFILE, "self", next, { swapRecord: current.cid });
          if (res.status === 200) done++;
          else {
            expect(res.body.error).toBe("InvalidSwap");
            conflicts++;
          }
        }
      }),
    );
    const final = (await getRecord(pds, alice.did, PROFILE, "self")).body.value;
    expect(final.displayName).toBe(String(WRITERS * PER_WRITER));
    expect(conflicts).toBeGreaterThan(0);
    expect(pds.ctx.prepare.offloaded - before).toBeGreaterThan(0);
  });

  it("refuse an invalid record with the main thread's answer, and store the valid ones beside it", async () => {
    const invalid = { $type: "app.bsky.feed.post", text: 5, createdAt: new Date().toISOString() };
    const alone = await putRecord(pds, alice, "app.bsky.feed.post", Tid.next(), invalid);
    const before = pds.ctx.prepare.offloaded;
    const post = (i: number) => ({
      $type: "app.bsky.feed.post",
      text: `post ${i}`,
      createdAt: new Date().toISOString(),
    });
    const rkeys = Array.from({ length: WRITERS }, () => Tid.next());
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        putRecord(pds, alice, "app.bsky.feed.post", rkeys[i]!, i === 7 ? invalid : post(i)),
      ),
    );
    expect(pds.ctx.prepare.offloaded - before).toBeGreaterThan(0);
    expect(alone.status).toBe(400);
    expect(results[7]!.body).toEqual(alone.body);
    expect(results.filter((r) => r.status === 200)).toHaveLength(WRITERS - 1);
    const stored = await getRecord(pds, alice.did, "app.bsky.feed.post", rkeys[0]!);
    expect(stored.body.value.text).toBe("post 0");
  });
});

describe("PreparePool", () => {
  it("prepares on this thread, to the same bytes, the records a closing thread held", async () => {
    const pool = new PreparePool(1, () => true);
    pool.start();
    while (!pool.ready) await sleep(20);
    const inputs: RecordWriteInput[] = Array.from({ length: 300 }, (_, i) => {
      const json = { $type: "app.bsky.feed.post", text: `post ${i}`, createdAt: "2026-01-01T00:00:00.000Z" };
      return {
        collection: "app.bsky.feed.post",
        rkey: Tid.next(),
        action: "create",
        validate: undefined,
        json,
        record: jsonToRecord(json, "$"),
      };
    });
    const pending = pool.records(inputs);
    await pool.close();
    const prepared = await pending;
    expect(pool.offloaded).toBe(0);
    expect(prepared.map((w) => w.block.cid.toString())).toEqual(
      inputs.map((input) => prepareRecordWrite(input).block.cid.toString()),
    );
    expect(pool.records(inputs.slice(0, 1))).toBeInstanceOf(Array);
  });
});
