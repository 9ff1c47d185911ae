// getRepo at its limits: a HEAD reads no repo, and an export still streaming at
// PDS_REPO_EXPORT_TIMEOUT_MS is cut off as a warning and an aborted request, never a failure (it was a
// 500 "request failed" with a stack, or, for a client that had stopped reading, a connection held on
// to after its snapshot was gone).
import { mkdtempSync, rmSync } from "node:fs";
import { get, type IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { type RunningPds, startPds } from "../../src/index.js";
import { createTestAccount, putRecord, sleep, type TestAccount } from "../_util.js";
import { waitFor } from "./_firehose.js";

const TIMEOUT_MS = 300;
const lines: Record<string, unknown>[] = [];
const dataDirectory = mkdtempSync(join(tmpdir(), "pds-getrepo-"));
let pds: RunningPds;
let alice: TestAccount;

beforeAll(async () => {
  const sink = new Writable({
    write: (chunk, _enc, done) => {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  pds = await startPds(
    {
      port: 0,
      hostname: "localhost",
      bindHost: "127.0.0.1",
      dataDirectory,
      loginDelayMs: 0,
      repoExportTimeoutMs: TIMEOUT_MS,
    },
    { logLevel: "info", logDestination: sink },
  );
  alice = await createTestAccount(pds, "alice");
  // 24 MB of records: far more than socket buffers hold, so a reader that pauses is still reading.
  for (let i = 0; i < 40; i++) {
    expect(
      (await putRecord(pds, alice, "com.example.big", `r${i}`, { text: "x".repeat(600_000) })).status,
    ).toBe(200);
  }
}, 120_000);
afterAll(async () => {
  await pds.close();
  rmSync(dataDirectory, { recursive: true, force: true });
});

const url = (did: string) => `${pds.url}/xrpc/com.atproto.sync.getRepo?did=${encodeURIComponent(did)}`;

/** A getRepo whose body is read by `read` (given the paused response); resolves with its outcome. */
function getRepo(read: (res: IncomingMessage) => void): Promise<{ bytes: number; aborted: boolean }> {
  return new Promise((resolve, reject) => {
    get(url(alice.did), (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on("end", () => resolve({ bytes, aborted: false }));
      res.on("error", () => resolve({ bytes, aborted: true }));
      res.pause();
      read(res);
    }).on("error", reject);
  });
}

const since = (from: number) => lines.slice(from);
const cutOffs = (from: number) => since(from).filter((l) => l.msg?.toString().startsWith("getRepo cut off"));

it("answers HEAD from the checks alone: no snapshot, no CAR", async () => {
  const open = vi.spyOn(pds.ctx.repos.snapshots, "open");
  try {
    const head = await fetch(url(alice.did), { method: "HEAD" });
    expect([head.status, head.headers.get("content-type")]).toEqual([200, "application/vnd.ipld.car"]);
    expect((await fetch(url("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"), { method: "HEAD" })).status).toBe(400);
    expect(open).not.toHaveBeenCalled();
  } finally {
    open.mockRestore();
  }
});

it("cuts off a client that stopped reading: a warning and an aborted request, no failure", async () => {
  const from = lines.length;
  let stalled: IncomingMessage | undefined;
  const done = getRepo((res) => {
    stalled = res;
  });
  await waitFor(() => cutOffs(from).length === 1, "the cut-off warning");
  stalled!.resume(); // what it had not read is there; then the connection's end
  const outcome = await done;
  expect(outcome.aborted).toBe(true);
  await waitFor(
    () => since(from).some((l) => l.msg === "request" && l.path?.toString().endsWith("getRepo")),
    "the request line",
  );
  const request = since(from).find((l) => l.msg === "request");
  expect(request).toMatchObject({ status: 200, aborted: true });
  expect(cutOffs(from)[0]).toMatchObject({ level: 40, did: alice.did, repoExportTimeoutMs: TIMEOUT_MS });
  expect(since(from).filter((l) => (l.level as number) >= 50)).toEqual([]);
});

it("cuts off a client still reading, slowly, at the time limit: no failure either", async () => {
  const from = lines.length;
  const outcome = await getRepo((res) => {
    // A chunk every 20 ms: the export is still running, and reading, when its time is up.
    const tick = setInterval(() => res.read(), 20);
    res.once("close", () => clearInterval(tick));
  });
  expect(outcome.aborted).toBe(true);
  await sleep(100); // the request line is written as the server's side closes
  expect(cutOffs(from)).toHaveLength(1);
  expect(since(from).find((l) => l.msg === "request")).toMatchObject({ status: 200, aborted: true });
  expect(since(from).filter((l) => (l.level as number) >= 50)).toEqual([]);
});

it("cuts off a fast reader whose export outlives the limit mid-read: no failure either", async () => {
  const { limits } = pds.ctx.repos.snapshots;
  limits.maxMs = 30; // shorter than sending 24 MB takes, so the snapshot closes between two chunks
  const from = lines.length;
  try {
    const outcome = await getRepo((res) => res.resume());
    expect(outcome.aborted).toBe(true);
  } finally {
    limits.maxMs = TIMEOUT_MS;
  }
  await sleep(100);
  expect(cutOffs(from)).toHaveLength(1);
  expect(since(from).filter((l) => (l.level as number) >= 50)).toEqual([]);
});
