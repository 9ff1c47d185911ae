import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Tid, verifyRepoCar } from "@putrecord/repo";
import { afterAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess } from "../_server-process.js";
import { createTestAccount, putRecord, xrpc, xrpcBytes } from "../_util.js";

const dataDirectories: string[] = [];
const children: ServerProcess[] = [];

afterAll(async () => {
  for (const child of children) await child.kill();
  for (const dir of dataDirectories) rmSync(dir, { recursive: true, force: true });
});

/** Starts the server process on the shared data directory. */
async function startChild(dataDirectory: string, prepareThreads?: number): Promise<ServerProcess> {
  const server = await startServerProcess(dataDirectory, { prepareThreads });
  children.push(server);
  return server;
}

describe("durability", () => {
  it("keeps every acknowledged write across kill -9 under concurrent load, and the repo verifies", async () => {
    const durable = { collection: "com.example.durable", rkey: (w: number, i: number) => `w${w}-${i}` };
    await crashUnderWriters({ ...durable, record: (w, i) => ({ w, i }) });
  }, 120_000);

  it("does so too when the records are validated on a prepare thread", async () => {
    const post = (w: number, i: number) => ({ text: `${w}-${i}`, createdAt: new Date().toISOString() });
    const posts = { collection: "app.bsky.feed.post", rkey: () => Tid.next(), record: post };
    const offloaded = await crashUnderWriters({ ...posts, prepareThreads: 1 });
    expect(offloaded).toBeGreaterThan(0);
  }, 120_000);
});

/**
 * 16 writers put records until 100 are acknowledged, then the server is killed (-9); a new server on the
 * same data must serve every acknowledged record in a repo that verifies. Returns how many records the
 * first server prepared on worker threads.
 */
async function crashUnderWriters(load: {
  collection: string;
  rkey: (writer: number, i: number) => string;
  record: (writer: number, i: number) => Record<string, unknown>;
  prepareThreads?: number;
}): Promise<number> {
  const { collection, rkey: keyOf, record, prepareThreads } = load;
  const dataDirectory = mkdtempSync(join(tmpdir(), "pds-durable-"));
  dataDirectories.push(dataDirectory);
  const first = await startChild(dataDirectory, prepareThreads);
  const alice = await createTestAccount(first, "alice");
  const acked = new Map<string, string>();
  let stop = false;
  const writers = Array.from({ length: 16 }, async (_, w) => {
    for (let i = 0; !stop; i++) {
      const rkey = keyOf(w, i);
      try {
        const res = await putRecord(first, alice, collection, rkey, record(w, i));
        if (res.status === 200) acked.set(rkey, res.body.cid);
      } catch {
        return; // the server died under this request: it was never acknowledged
      }
    }
  });
  while (acked.size < 100) await new Promise((r) => setTimeout(r, 5));
  const { offloaded } = (await (await fetch(`${first.url}/_test/prepared`)).json()) as { offloaded: number };
  await first.kill();
  stop = true;
  await Promise.all(writers);
  expect(acked.size).toBeGreaterThanOrEqual(100);

  const second = await startChild(dataDirectory, prepareThreads);
  const car = await xrpcBytes(second.url, "com.atproto.sync.getRepo", { did: alice.did });
  // The signing key lives in the server process: take it from the DID document it publishes.
  const described = await xrpc(second.url, "com.atproto.repo.describeRepo", {
    params: { repo: alice.did },
  });
  const signingKeyDid = `did:key:${described.body.didDoc.verificationMethod[0].publicKeyMultibase}`;
  const repo = verifyRepoCar(car.bytes, { did: alice.did, signingKeyDid });
  const stored = new Map(repo.records.map((r) => [r.rkey, r.cid.toString()]));
  for (const [rkey, cid] of acked) expect(stored.get(rkey), rkey).toBe(cid);
  const [rkey, cid] = [...acked][0]!;
  const res = await xrpc(second.url, "com.atproto.repo.getRecord", {
    params: { repo: alice.did, collection, rkey },
  });
  expect(res.body.cid).toBe(cid);
  const after = await putRecord(second, alice, collection, keyOf(-1, 0), record(-1, 0));
  expect(after.status).toBe(200);
  await second.kill();
  return offloaded;
}
