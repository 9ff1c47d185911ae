// The firehose under large events, slow and stalled consumers, many subscribers and an old cursor
// (issue 13, finding 1): replay is bounded by bytes and paced by the socket, live consumers that fall
// behind get the reference's ConsumerTooSlow, subscribers are capped, and the log keeps a window.
import type { LexMap } from "@putrecord/repo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import {
  createTestAccount,
  liveArrayBuffers,
  putRecord,
  sleep,
  startTestPds,
  type TestAccount,
  type TestPds,
} from "../_util.js";
import { collect, firehoseUrl, waitFor } from "./_firehose.js";

const BIG = 600_000;
const bigRecord = (n: number) => ({ $type: "com.example.big", n, text: "x".repeat(BIG) });

describe("replaying large events", () => {
  let pds: TestPds;
  let from: number;
  const COUNT = 140; // 84 MB of events: more than any one buffer the server may hold

  beforeAll(async () => {
    pds = await startTestPds();
    const alice = await createTestAccount(pds, "alice");
    from = pds.ctx.sequencer.lastSeq();
    for (let i = 0; i < COUNT; i++) {
      const res = await putRecord(pds, alice, "com.example.big", `r${i}`, bigRecord(i));
      expect(res.status).toBe(200);
    }
  }, 120_000);
  afterAll(() => pds.close());

  it("a subscriber that reads replays every event, in order, with no error frame", async () => {
    const { frames } = await collect(pds, `?cursor=${from}`, (f) => f.length >= COUNT, { timeoutMs: 60_000 });
    expect(frames.map((f) => f.header.t)).toEqual(Array(COUNT).fill("#commit"));
    expect(frames.map((f) => f.body.seq)).toEqual(Array.from({ length: COUNT }, (_, i) => from + 1 + i));
  });

  it("subscribers that stop reading hold a few MB each, not their replay", async () => {
    const before = await liveArrayBuffers();
    const stalled: WebSocket[] = [];
    for (let i = 0; i < 4; i++) {
      const ws = new WebSocket(firehoseUrl(pds, `?cursor=${from}`));
      ws.on("open", () => ws.pause());
      stalled.push(ws);
    }
    await sleep(1500); // long enough for the server to fill whatever it will buffer
    const perSubscriber = ((await liveArrayBuffers()) - before) / stalled.length;
    for (const ws of stalled) ws.terminate();
    expect(perSubscriber).toBeLessThan(8 * 1024 * 1024);
  });
});

describe("a live subscriber that falls behind", () => {
  let pds: TestPds;
  let bob: TestAccount;

  beforeAll(async () => {
    pds = await startTestPds({ subscriptionBufferBytes: 1024 * 1024 });
    bob = await createTestAccount(pds, "bob");
  });
  afterAll(() => pds.close());

  it("gets ConsumerTooSlow after the events it had room for, then a 1008 close, as the reference", async () => {
    let client: WebSocket | undefined;
    const received = collect(pds, "", () => false, {
      onOpen: (ws) => {
        ws.pause();
        client = ws;
      },
      timeoutMs: 60_000,
    });
    // The server subscribes it before it answers the upgrade, so writes from here on are its to get.
    await waitFor(() => client !== undefined, "the subscriber to connect");
    const first = pds.ctx.sequencer.lastSeq() + 1;
    for (let i = 0; i < 40; i++) await putRecord(pds, bob, "com.example.big", `r${i}`, bigRecord(i));
    client!.resume();
    const { frames, code, reason } = await received;
    const last = frames.at(-1)!;
    expect(last.header.op).toBe(-1);
    expect(last.body).toEqual({ error: "ConsumerTooSlow", message: "Stream consumer too slow" });
    expect({ code, reason }).toEqual({ code: 1008, reason: "ConsumerTooSlow" });
    const commits = frames.slice(0, -1);
    expect(commits.length).toBeLessThan(40);
    expect(commits.map((f) => f.body.seq)).toEqual(commits.map((_, i) => first + i));
  });
});

/** Opens a subscriber; resolves with the socket once open, or with the HTTP refusal. */
function connect(pds: TestPds): Promise<WebSocket | { status: number; body: LexMap }> {
  const ws = new WebSocket(firehoseUrl(pds));
  return new Promise((resolve, reject) => {
    ws.on("open", () => resolve(ws));
    ws.on("unexpected-response", (_req, res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    ws.on("error", reject);
  });
}

describe("the subscriber cap", () => {
  let pds: TestPds;
  beforeAll(async () => {
    pds = await startTestPds({ maxSubscribers: 2 });
  });
  afterAll(() => pds.close());

  it("refuses one subscriber too many with 503 NotEnoughResources, and takes one again once a place frees", async () => {
    const a = (await connect(pds)) as WebSocket;
    const b = (await connect(pds)) as WebSocket;
    const refused = await connect(pds);
    expect(refused).toMatchObject({ status: 503, body: { error: "NotEnoughResources" } });
    expect((refused as { body: LexMap }).body.message).toMatch(/at most 2 subscribers/);
    a.close();
    // The server frees the place when its side of the socket has closed.
    let next = refused;
    for (let i = 0; i < 200 && !(next instanceof WebSocket); i++) {
      await sleep(20);
      next = await connect(pds);
    }
    expect(next).toBeInstanceOf(WebSocket);
    (next as WebSocket).close();
    b.close();
  });
});

describe("the retention window (PDS_REPO_BACKFILL_LIMIT_MS)", () => {
  const WINDOW = 1500;
  let pds: TestPds;
  let olga: TestAccount;
  const seqs = () => pds.ctx.db.prepare("SELECT seq FROM repo_seq ORDER BY seq").pluck().all() as number[];

  beforeAll(async () => {
    pds = await startTestPds({ repoBackfillLimitMs: WINDOW });
    olga = await createTestAccount(pds, "olga");
  });
  afterAll(() => pds.close());

  it("answers a cursor older than the window with #info OutdatedCursor, then replays from the window", async () => {
    const cursor = pds.ctx.sequencer.lastSeq();
    await putRecord(pds, olga, "com.example.f", "old", {});
    await sleep(WINDOW + 100);
    await putRecord(pds, olga, "com.example.f", "new", {});
    const { frames } = await collect(pds, `?cursor=${cursor}`, (f) => f.length >= 2);
    expect(frames[0]).toEqual({
      header: { op: 1, t: "#info" },
      body: { name: "OutdatedCursor", message: "Requested cursor exceeded limit. Possibly missing events" },
    });
    expect(frames[1]!.header.t).toBe("#commit");
    expect((frames[1]!.body.ops as LexMap[]).map((op) => op.path)).toEqual(["com.example.f/new"]);
  });

  it("prunes events older than the window, keeps the newest, and never hands out a seq twice", async () => {
    const newest = pds.ctx.sequencer.lastSeq();
    await sleep(WINDOW + 100); // now every event is older than the window
    await waitFor(() => seqs().length === 1, "the log to be pruned down to its newest event");
    expect(seqs()).toEqual([newest]);
    // Pruned events make a cursor before them outdated; the replay starts with the one event in the window.
    const put = await putRecord(pds, olga, "com.example.f", "after", {});
    expect(put.status).toBe(200);
    expect(seqs().at(-1)).toBe(newest + 1); // (the timer may have pruned `newest` by now)
    const { frames } = await collect(pds, "?cursor=0", (f) => f.length >= 2);
    expect(frames[0]!.body.name).toBe("OutdatedCursor");
    expect(frames[1]!.body.seq).toBe(newest + 1);
  });
});
