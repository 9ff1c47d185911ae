// Subscriptions against our PDS's firehose (live, from a cursor, across a server restart, error frames),
// and against a WebSocket fixture for what a healthy server never sends (bad frames, other lexicons).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode } from "@atcute/cbor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { BlueskyCore } from "../src/core.js";
import {
  bytesOf,
  ConsumerTooSlowError,
  FutureCursorError,
  InvalidFrameError,
  type StreamMessage,
  SubscriptionConnectionError,
  SubscriptionOverflowError,
  subscribe,
  XRPCStreamError,
} from "../src/lib/subscribe.js";
import * as errors from "../src/models/errors/index.js";
import {
  createAccount,
  freePort,
  type LocalPds,
  startLocalPds,
  startPdsProcess,
  stopLocalPds,
} from "./_pds.js";

const REPOS = "com.atproto.sync.subscribeRepos";
const FAST = { initialDelayMs: 50, maxDelayMs: 200 };
// Aborted after all tests, so a subscription a failing test left open never keeps a server from closing.
const stop = new AbortController();
const signal = stop.signal;

type Commit = StreamMessage & { repo: string; ops: { path: string }[]; blocks: { $bytes: string } };

/** Collects messages in the background until `until` holds for what was collected. */
function collect(iterable: AsyncIterable<StreamMessage>, until: (all: StreamMessage[]) => boolean) {
  const all: StreamMessage[] = [];
  const done = (async () => {
    for await (const message of iterable) {
      all.push(message);
      if (until(all)) break;
    }
    return all;
  })();
  // Awaited later; marked handled now so a failure while the test still works is reported by that await.
  done.catch(() => {});
  return { all, done };
}

async function putPost(url: string, account: { did: string; accessJwt: string }, rkey: string) {
  const res = await fetch(`${url}/xrpc/com.atproto.repo.putRecord`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${account.accessJwt}` },
    body: JSON.stringify({
      repo: account.did,
      collection: "app.bsky.feed.post",
      rkey,
      record: { $type: "app.bsky.feed.post", text: rkey, createdAt: new Date().toISOString() },
    }),
  });
  if (res.status !== 200) throw new Error(`putRecord ${res.status}: ${await res.text()}`);
}

const commits = (all: StreamMessage[]) => all.filter((m) => m.$type === `${REPOS}#commit`) as Commit[];
const rkeysOf = (all: StreamMessage[]) => commits(all).map((c) => c.ops[0]!.path.split("/")[1]);

describe("subscribeRepos on our PDS", () => {
  let pds: LocalPds;
  let alice: Awaited<ReturnType<typeof createAccount>>;
  beforeAll(async () => {
    pds = await startLocalPds();
    alice = await createAccount(pds.url, "alice");
  });
  afterAll(async () => {
    stop.abort();
    await stopLocalPds(pds);
  });

  it("replays from cursor 0 with typed, decoded messages", async () => {
    const client = new BlueskyCore({ serverURL: pds.url });
    const { done } = collect(
      subscribe<StreamMessage>(client, REPOS, { cursor: 0 }),
      (all) => commits(all).length >= 1,
    );
    const all = await done;
    expect(all.map((m) => m.$type)).toEqual([`${REPOS}#identity`, `${REPOS}#account`, `${REPOS}#commit`]);
    const commit = commits(all)[0]!;
    expect(commit.repo).toBe(alice.did);
    expect((commit.commit as { $link: string }).$link).toMatch(/^bafyrei/);
    // blocks is a CAR v1: a varint header length, then a DAG-CBOR header map.
    expect(bytesOf(commit.blocks)[1]).toBe(0xa2);
    expect(all.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it("streams live writes without a cursor", async () => {
    const client = new BlueskyCore({ serverURL: pds.url });
    const { done } = collect(
      subscribe<StreamMessage>(client, REPOS, {}, { signal }),
      (all) => commits(all).length >= 2,
    );
    // The subscription starts at the head: give it time to connect before writing.
    await new Promise((r) => setTimeout(r, 200));
    await putPost(pds.url, alice, "3jzfcijpj2z2a");
    await putPost(pds.url, alice, "3jzfcijpj2z2b");
    expect(rkeysOf(await done)).toEqual(["3jzfcijpj2z2a", "3jzfcijpj2z2b"]);
  });

  it("reconnects after the server process is killed and restarted, resuming from the last seq", async () => {
    const dataDirectory = mkdtempSync(join(tmpdir(), "bluesky-restart-"));
    const restartPort = await freePort();
    let server = await startPdsProcess(dataDirectory, restartPort);
    try {
      const bob = await createAccount(server.ready.url, "bob");
      const client = new BlueskyCore({ serverURL: server.ready.url });
      const { all, done } = collect(
        subscribe<StreamMessage>(
          client,
          REPOS,
          {},
          { reconnect: { initialDelayMs: 300, maxDelayMs: 1_000, maxAttempts: 60 }, signal },
        ),
        (got) => commits(got).length >= 4,
      );
      await new Promise((r) => setTimeout(r, 300));
      await putPost(server.ready.url, bob, "3jzfcijpj2z3a");
      await putPost(server.ready.url, bob, "3jzfcijpj2z3b");
      while (commits(all).length < 2) await new Promise((r) => setTimeout(r, 20));
      await server.stop();
      server = await startPdsProcess(dataDirectory, restartPort);
      // Written before the client reconnects: it must get them from its cursor.
      await putPost(server.ready.url, bob, "3jzfcijpj2z3c");
      await putPost(server.ready.url, bob, "3jzfcijpj2z3d");
      const got = await done;
      expect(rkeysOf(got)).toEqual(["3jzfcijpj2z3a", "3jzfcijpj2z3b", "3jzfcijpj2z3c", "3jzfcijpj2z3d"]);
      const seqs = got.map((m) => m.seq!);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
    } finally {
      await server.stop();
      rmSync(dataDirectory, { recursive: true, force: true });
    }
  }, 60_000);

  it("ends with FutureCursorError for a cursor past the head", async () => {
    const client = new BlueskyCore({ serverURL: pds.url });
    const iteration = collect(
      subscribe<StreamMessage>(client, REPOS, { cursor: 1_000_000 }),
      () => true,
    ).done;
    const error = await iteration.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FutureCursorError);
    expect(error).toMatchObject({ error: "FutureCursor", nsid: REPOS });
  });

  it("ends with RequestAbortedError when the signal aborts, mid-stream or while connecting", async () => {
    const client = new BlueskyCore({ serverURL: pds.url });
    const controller = new AbortController();
    const iteration = collect(
      subscribe<StreamMessage>(client, REPOS, { cursor: 0 }, { signal: controller.signal }),
      (all) => {
        if (all.length === 1) controller.abort();
        return false;
      },
    ).done;
    await expect(iteration).rejects.toBeInstanceOf(errors.RequestAbortedError);
    const early = subscribe<StreamMessage>(client, REPOS, {}, { signal: AbortSignal.abort() });
    await expect(early.next()).rejects.toBeInstanceOf(errors.RequestAbortedError);
  });

  it("gives up after maxAttempts connections in a row without a message", async () => {
    const closed = await freePort();
    const client = new BlueskyCore({ serverURL: `http://127.0.0.1:${closed}` });
    const iteration = subscribe<StreamMessage>(client, REPOS, {}, { reconnect: { ...FAST, maxAttempts: 3 } });
    const error = await iteration.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SubscriptionConnectionError);
    expect(error).toMatchObject({ attempts: 3 });
    const once = subscribe<StreamMessage>(client, REPOS, {}, { reconnect: false });
    await expect(once.next()).rejects.toMatchObject({ attempts: 1 });
  });
});

describe("frames a fixture server sends", () => {
  let wss: WebSocketServer;
  let url: string;
  let script: (ws: WebSocket, query: URLSearchParams) => void;
  beforeAll(async () => {
    wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise((resolve) => wss.once("listening", resolve));
    url = `http://127.0.0.1:${(wss.address() as { port: number }).port}`;
    wss.on("connection", (ws, req) => script(ws, new URL(req.url!, "http://x").searchParams));
  });
  afterAll(() => {
    for (const ws of wss.clients) ws.terminate();
    return new Promise((resolve) => wss.close(resolve));
  });

  const frame = (header: object, body: object) => Buffer.concat([encode(header), encode(body)]);

  it("types messages of other lexicons by their full t, and skips unknown ops", async () => {
    script = (ws) => {
      ws.send(frame({ op: 2, t: "#future" }, { x: 1 }));
      ws.send(frame({ op: 1, t: "#labels" }, { seq: 5, labels: [] }));
      ws.send(frame({ op: 1, t: "com.example.other#thing" }, { seq: 6 }));
    };
    const client = new BlueskyCore({ serverURL: url });
    const all = await collect(
      subscribe<StreamMessage>(client, "com.atproto.label.subscribeLabels", {}),
      (got) => got.length === 2,
    ).done;
    expect(all).toEqual([
      { $type: "com.atproto.label.subscribeLabels#labels", seq: 5, labels: [] },
      { $type: "com.example.other#thing", seq: 6 },
    ]);
  });

  it("closes the socket when the loop breaks", async () => {
    const closes: number[] = [];
    script = (ws) => {
      ws.on("close", (code) => closes.push(code));
      ws.send(frame({ op: 1, t: "#labels" }, { seq: 1, labels: [] }));
    };
    const client = new BlueskyCore({ serverURL: url });
    await collect(subscribe<StreamMessage>(client, "com.atproto.label.subscribeLabels", {}), () => true).done;
    while (closes.length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(closes).toEqual([1000]);
  });

  it("ends with the typed error of an error frame, and with InvalidFrameError for garbage", async () => {
    const client = new BlueskyCore({ serverURL: url });
    const run = () =>
      collect(subscribe<StreamMessage>(client, REPOS, {}, { reconnect: FAST }), () => false).done;
    script = (ws) =>
      ws.send(frame({ op: -1 }, { error: "ConsumerTooSlow", message: "Stream consumer too slow" }));
    await expect(run()).rejects.toBeInstanceOf(ConsumerTooSlowError);
    script = (ws) => ws.send(frame({ op: -1 }, { error: "SomethingNew" }));
    await expect(run()).rejects.toMatchObject({ error: "SomethingNew", constructor: XRPCStreamError });
    script = (ws) => ws.send(Buffer.from([0xa1, 0x62]));
    await expect(run()).rejects.toBeInstanceOf(InvalidFrameError);
    script = (ws) => ws.send("text frame");
    await expect(run()).rejects.toBeInstanceOf(InvalidFrameError);
    script = (ws) => ws.send(frame({ op: 1 }, { seq: 1 }));
    await expect(run()).rejects.toThrow(/without a type/);
  });

  it("resumes with the last seq as cursor and skips a repeated one", async () => {
    const cursors: (string | null)[] = [];
    script = (ws, query) => {
      cursors.push(query.get("cursor"));
      const from = Number(query.get("cursor") ?? 0);
      // Each connection sends two messages from its cursor (the cursor's own again), then closes.
      ws.send(frame({ op: 1, t: "#labels" }, { seq: from, labels: [] }));
      ws.send(frame({ op: 1, t: "#labels" }, { seq: from + 1, labels: [] }), () => ws.close());
    };
    const client = new BlueskyCore({ serverURL: url });
    const all = await collect(
      subscribe<StreamMessage>(
        client,
        "com.atproto.label.subscribeLabels",
        {},
        { cursor: 10, reconnect: FAST },
      ),
      (got) => got.length === 3,
    ).done;
    expect(all.map((m) => m.seq)).toEqual([11, 12, 13]);
    expect(cursors).toEqual(["10", "11", "12"]);
  });

  it("fails with SubscriptionOverflowError when unread messages pass maxBufferedBytes", async () => {
    script = (ws) => {
      for (let i = 1; i <= 50; i++)
        ws.send(frame({ op: 1, t: "#labels" }, { seq: i, pad: "x".repeat(1000) }));
    };
    const client = new BlueskyCore({ serverURL: url });
    const iteration = subscribe<StreamMessage>(
      client,
      "com.atproto.label.subscribeLabels",
      {},
      { maxBufferedBytes: 10_000 },
    );
    await expect(
      (async () => {
        for (;;) await iteration.next();
      })(),
    ).rejects.toBeInstanceOf(SubscriptionOverflowError);
  });
});
