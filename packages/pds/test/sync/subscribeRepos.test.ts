import { CBOR, Cid, type LexMap, MemoryBlockStore, Mst, readCar } from "@putrecord/repo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount, putRecord, startTestPds, type TestPds, xrpc } from "../_util.js";
import { collect, type Frame } from "./_firehose.js";

let pds: TestPds;

beforeAll(async () => {
  pds = await startTestPds();
});
afterAll(() => pds.close());

const open = (query: string, until: (frames: Frame[]) => boolean) =>
  collect(pds, query, until).then((r) => r.frames);

describe("subscribeRepos", () => {
  it("sequences account creation as #identity, #account, #commit, #sync (a CAR of just the commit)", async () => {
    const from = pds.ctx.sequencer.lastSeq();
    const carol = await createTestAccount(pds, "carol");
    const frames = await open(`?cursor=${from}`, (f) => f.length >= 4);
    expect(frames.map((f) => f.header.t)).toEqual(["#identity", "#account", "#commit", "#sync"]);
    expect(frames.every((f) => f.body.did === carol.did || f.body.repo === carol.did)).toBe(true);
    const sync = frames[3]!.body;
    const car = readCar(sync.blocks as Uint8Array);
    expect(car.blocks.size).toBe(1);
    expect(car.roots[0]!.equals(frames[2]!.body.commit as Cid)).toBe(true);
    expect((frames.map((f) => f.body.seq) as number[]).every((s, i, all) => i === 0 || s > all[i - 1]!)).toBe(
      true,
    );
  });

  it("emits one #commit per commit whose ops invert to prevData; none for a no-op", async () => {
    const dave = await createTestAccount(pds, "dave");
    const from = pds.ctx.sequencer.lastSeq();
    await putRecord(pds, dave, "com.example.f", "a", { v: 1 });
    await putRecord(pds, dave, "com.example.f", "b", { v: 1 });
    await putRecord(pds, dave, "com.example.f", "a", { v: 2 });
    await putRecord(pds, dave, "com.example.f", "a", { v: 2 }); // identical: no commit, no event
    await xrpc(pds.url, "com.atproto.repo.deleteRecord", {
      body: { repo: dave.did, collection: "com.example.f", rkey: "b" },
      token: dave.accessJwt,
    });
    const frames = await open(`?cursor=${from}`, (f) => f.length >= 4);
    const commits = frames.map((f) => f.body);
    expect(commits.map((c) => (c.ops as LexMap[]).map((o) => o.action))).toEqual([
      ["create"],
      ["create"],
      ["update"],
      ["delete"],
    ]);
    let prevRev: unknown;
    for (const evt of commits) {
      expect(evt).toMatchObject({ repo: dave.did, rebase: false, tooBig: false, blobs: [] });
      if (prevRev !== undefined) expect(evt.since).toBe(prevRev);
      prevRev = evt.rev;
      const car = readCar(evt.blocks as Uint8Array);
      expect(car.roots[0]!.equals(evt.commit as Cid)).toBe(true);
      const store = new MemoryBlockStore();
      for (const [cid, bytes] of car.blocks) store.putBlock(cid, bytes);
      const commit = CBOR.decode(car.blocks.get(evt.commit as Cid)!) as LexMap;
      let tree = Mst.load(store, commit.data as Cid);
      for (const op of evt.ops as LexMap[]) {
        const path = op.path as string;
        if (op.action === "create") {
          expect("prev" in op).toBe(false);
          tree = tree.delete(path);
        } else {
          expect(op.prev).toBeInstanceOf(Cid);
          tree = tree.put(path, op.prev as Cid);
        }
      }
      expect(tree.rootCid().equals(evt.prevData as Cid)).toBe(true);
    }
  });

  it("replays exactly the events after the cursor, then streams live ones", async () => {
    const erin = await createTestAccount(pds, "erin");
    const cursor = pds.ctx.sequencer.lastSeq();
    await putRecord(pds, erin, "com.example.f", "one", {});
    const pending = open(`?cursor=${cursor}`, (f) => f.length >= 2);
    await new Promise((r) => setTimeout(r, 100));
    await putRecord(pds, erin, "com.example.f", "two", {});
    const frames = await pending;
    expect(frames.map((f) => f.body.seq)).toEqual([cursor + 1, cursor + 2]);
    expect(frames.map((f) => (f.body.ops as LexMap[])[0]!.path as string)).toEqual([
      "com.example.f/one",
      "com.example.f/two",
    ]);
  });

  it("streams the events of groups with many commits (and an account created among them) once each, in order, as a replay", async () => {
    const writers = await Promise.all([1, 2, 3].map((i) => createTestAccount(pds, `live${i}`)));
    const cursor = pds.ctx.sequencer.lastSeq();
    const isLast = (f: Frame) =>
      (f.body.ops as LexMap[] | undefined)?.some((op) => op.path === "com.example.live/last");
    const live = open("", (f) => f.some(isLast));
    await new Promise((r) => setTimeout(r, 100));
    await Promise.all([
      ...writers.flatMap((w) =>
        [1, 2, 3, 4].map((n) => putRecord(pds, w, "com.example.live", `k${n}`, { n })),
      ),
      createTestAccount(pds, "livenew"),
    ]);
    await putRecord(pds, writers[0]!, "com.example.live", "last", {});
    const frames = await live;
    const seqs = frames.map((f) => f.body.seq as number);
    expect(seqs).toEqual(
      Array.from({ length: pds.ctx.sequencer.lastSeq() - cursor }, (_, i) => cursor + 1 + i),
    );
    expect(seqs.length).toBeLessThanOrEqual(3 * 4 + 4 + 1); // writes may share commits; the account has 4 events
    const replayed = await open(`?cursor=${cursor}`, (f) => f.length >= seqs.length);
    expect(replayed.map((f) => CBOR.encode(f.body))).toEqual(frames.map((f) => CBOR.encode(f.body)));
  });

  it("answers a cursor in the future with a FutureCursor error frame, then closes 1008 as the reference", async () => {
    const { frames, code, reason } = await collect(
      pds,
      `?cursor=${pds.ctx.sequencer.lastSeq() + 1000}`,
      () => false,
    );
    expect(frames).toHaveLength(1);
    expect(frames[0]!.header.op).toBe(-1);
    expect(frames[0]!.body.error).toBe("FutureCursor");
    expect({ code, reason }).toEqual({ code: 1008, reason: "FutureCursor" });
  });
});
