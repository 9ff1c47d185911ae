// getRepo streams its CAR from a snapshot (issue 13, finding 10): a client that stops reading costs the
// server a few MB, not the repo, and commits that land while the CAR is sent never show in it.
import { get, type IncomingMessage } from "node:http";
import { verifyRepoCar } from "@putrecord/repo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestAccount,
  liveArrayBuffers,
  putRecord,
  sleep,
  startTestPds,
  type TestAccount,
  type TestPds,
  xrpc,
} from "../_util.js";

const COUNT = 90;
const rkey = (i: number) => `r${String(i).padStart(3, "0")}`;
let pds: TestPds;
let alice: TestAccount;

beforeAll(async () => {
  pds = await startTestPds();
  alice = await createTestAccount(pds, "alice");
  // 90 records of 900 KB: an 80 MB CAR, far more than socket buffers hold.
  for (let i = 0; i < COUNT; i++) {
    const res = await putRecord(pds, alice, "com.example.big", rkey(i), { i, text: "x".repeat(900_000) });
    expect(res.status).toBe(200);
  }
}, 120_000);
afterAll(() => pds.close());

/** Starts a getRepo whose body the caller reads (or not); resolves once the headers are in, paused. */
function openGetRepo(): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = get(
      `${pds.url}/xrpc/com.atproto.sync.getRepo?did=${encodeURIComponent(alice.did)}`,
      (res) => {
        res.pause();
        resolve(res);
      },
    );
    req.on("error", reject);
  });
}

/** Runs `fn` while the server lets only one export run at a time. */
async function withOneExport(fn: () => Promise<void>): Promise<void> {
  const { limits } = pds.ctx.repos.snapshots;
  const max = limits.max;
  limits.max = 1;
  try {
    await fn();
  } finally {
    limits.max = max;
  }
}

/** A whole getRepo through fetch: its status (the body is read and dropped). */
async function getRepoStatus(): Promise<number> {
  const res = await fetch(`${pds.url}/xrpc/com.atproto.sync.getRepo?did=${encodeURIComponent(alice.did)}`);
  await res.arrayBuffer();
  return res.status;
}

/** Reads the rest of a response. */
async function readAll(res: IncomingMessage, first: Buffer[] = []): Promise<Uint8Array> {
  const chunks = [...first];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

describe("getRepo streaming", () => {
  it("clients that stop reading hold a few MB of the server each, not the CAR", async () => {
    const before = await liveArrayBuffers();
    const stalled = await Promise.all([openGetRepo(), openGetRepo(), openGetRepo()]);
    await sleep(1000); // long enough for the server to fill whatever it will buffer
    const perClient = ((await liveArrayBuffers()) - before) / stalled.length;
    for (const res of stalled) res.destroy();
    expect(perClient).toBeLessThan(8 * 1024 * 1024);
  });

  it("sends the repo as of the request, whatever commits land while it streams", async () => {
    const head = (await xrpc(pds.url, "com.atproto.sync.getLatestCommit", { params: { did: alice.did } }))
      .body;
    const res = await openGetRepo();
    const first: Buffer[] = [];
    await new Promise<void>((resolve) => {
      res.once("data", (chunk: Buffer) => {
        res.pause();
        first.push(chunk);
        resolve();
      });
      res.resume();
    });
    // Delete the records the CAR carries last and rewrite the rest: their blocks and the MST nodes
    // above them are gone from the store before the stream reaches them.
    for (let i = COUNT - 30; i < COUNT; i++) {
      await xrpc(pds.url, "com.atproto.repo.deleteRecord", {
        body: { repo: alice.did, collection: "com.example.big", rkey: rkey(i) },
        token: alice.accessJwt,
      });
    }
    for (let i = 0; i < 10; i++) await putRecord(pds, alice, "com.example.big", rkey(i), { i, small: true });
    const car = await readAll(res, first);
    const signingKeyDid = pds.ctx.accounts.signingKey(alice.did).did();
    const repo = verifyRepoCar(car, { did: alice.did, signingKeyDid });
    expect(repo.cid.toString()).toBe(head.cid);
    expect(repo.records.map((r) => r.rkey)).toEqual(Array.from({ length: COUNT }, (_, i) => rkey(i)));
  });

  it("answers 503 NotEnoughResources while the most exports the server allows are streaming", () =>
    withOneExport(async () => {
      const held = await openGetRepo();
      const refused = await xrpc(pds.url, "com.atproto.sync.getRepo", { params: { did: alice.did } });
      expect(refused.status).toBe(503);
      expect(refused.body.error).toBe("NotEnoughResources");
      expect(refused.headers.get("retry-after")).toBe("5");
      await readAll(held);
      expect(await getRepoStatus()).toBe(200);
    }));

  it("releases the snapshot of a client that goes away mid-stream", () =>
    withOneExport(async () => {
      (await openGetRepo()).destroy();
      let status = 0;
      for (let i = 0; i < 200 && status !== 200; i++) {
        await sleep(20);
        status = await getRepoStatus();
      }
      expect(status).toBe(200);
    }));
});
