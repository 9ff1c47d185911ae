import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyRepoCar } from "@putrecord/repo";
import { afterAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess } from "../_server-process.js";
import { createTestAccount, putRecord, xrpc, xrpcBytes } from "../_util.js";

const dataDirectory = mkdtempSync(join(tmpdir(), "pds-durable-"));
const children: ServerProcess[] = [];

afterAll(async () => {
  for (const child of children) await child.kill();
  rmSync(dataDirectory, { recursive: true, force: true });
});

/** Starts the server process on the shared data directory. */
async function startChild(): Promise<ServerProcess> {
  const server = await startServerProcess(dataDirectory);
  children.push(server);
  return server;
}

describe("durability", () => {
  it("keeps every acknowledged write across kill -9 under concurrent load, and the repo verifies", async () => {
    const first = await startChild();
    const alice = await createTestAccount(first, "alice");
    const acked = new Map<string, string>();
    let stop = false;
    const writers = Array.from({ length: 16 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const rkey = `w${w}-${i}`;
        try {
          const res = await putRecord(first, alice, "com.example.durable", rkey, { w, i });
          if (res.status === 200) acked.set(rkey, res.body.cid);
        } catch {
          return; // the server died under this request: it was never acknowledged
        }
      }
    });
    while (acked.size < 100) await new Promise((r) => setTimeout(r, 5));
    await first.kill();
    stop = true;
    await Promise.all(writers);
    expect(acked.size).toBeGreaterThanOrEqual(100);

    const second = await startChild();
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
      params: { repo: alice.did, collection: "com.example.durable", rkey },
    });
    expect(res.body.cid).toBe(cid);
    const after = await putRecord(second, alice, "com.example.durable", "after-restart", {});
    expect(after.status).toBe(200);
    await second.kill();
  }, 120_000);
});
