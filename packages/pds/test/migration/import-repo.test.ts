// importRepo on its own, and the migration endpoints around it: a repo restored from its own export
// (records, blobs, a new commit this server signs), and every way a CAR can be refused with a clear
// 400 or 413 and nothing changed. The moves between servers are in e2e/test/migration.test.ts.
import { gzipSync } from "node:zlib";
import {
  BlockMap,
  CBOR,
  Cid,
  DAG_CBOR,
  decodeCommit,
  encodeCar,
  encodeCommit,
  readCar,
  Secp256k1Keypair,
  signCommit,
  Tid,
  verifyRepoCar,
} from "@putrecord/repo";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createTestAccount,
  startTestPds,
  type TestAccount,
  type TestPds,
  xrpc,
  xrpcBytes,
} from "../_util.js";

let pds: TestPds;
let alice: TestAccount;
let bob: TestAccount;
let exported: Uint8Array;
let blobCid: string;

const POST = "app.bsky.feed.post";

beforeAll(async () => {
  pds = await startTestPds({ network: { maxImportBytes: 256 * 1024 } });
  alice = await createTestAccount(pds, "alice");
  bob = await createTestAccount(pds, "bobby");
  const upload = await fetch(`${pds.url}/xrpc/com.atproto.repo.uploadBlob`, {
    method: "POST",
    headers: { authorization: `Bearer ${alice.accessJwt}`, "content-type": "image/png" },
    body: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
  });
  const { blob } = await upload.json();
  blobCid = blob.ref.$link;
  const createdAt = new Date().toISOString();
  const writes = Array.from({ length: 30 }, (_, i) => ({
    $type: "com.atproto.repo.applyWrites#create",
    collection: POST,
    value: { $type: POST, text: `post ${i}`, createdAt },
  }));
  writes.push({
    $type: "com.atproto.repo.applyWrites#create",
    collection: "com.example.photo",
    value: { $type: "com.example.photo", image: blob } as never,
  });
  await xrpc(pds.url, "com.atproto.repo.applyWrites", {
    token: alice.accessJwt,
    body: { repo: alice.did, writes, validate: false },
  });
  exported = (await xrpcBytes(pds.url, "com.atproto.sync.getRepo", { did: alice.did })).bytes;
});
afterAll(() => pds.close());

const importCar = (car: Uint8Array, token = alice.accessJwt, headers: Record<string, string> = {}) =>
  fetch(`${pds.url}/xrpc/com.atproto.repo.importRepo`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/vnd.ipld.car", ...headers },
    body: car,
  }).then(async (res) => ({ status: res.status, body: (await res.text()) || undefined }));

const records = async (account: TestAccount) => {
  const car = (await xrpcBytes(pds.url, "com.atproto.sync.getRepo", { did: account.did })).bytes;
  const repo = verifyRepoCar(car, {
    did: account.did,
    signingKeyDid: pds.ctx.accounts.signingKey(account.did).did(),
  });
  return repo.records.map((r) => `${r.collection}/${r.rkey}=${r.cid}`).sort();
};

/** A CAR of one commit over `tree` blocks, signed by `key`, for `did`. */
function carOf(did: string, key: Secp256k1Keypair, data: Cid, blocks: BlockMap): Uint8Array {
  const commit = encodeCommit(signCommit({ did, version: 3, data, rev: Tid.next(), prev: null }, key));
  return encodeCar([commit.cid], [...blocks, [commit.cid, commit.bytes]]);
}

describe("a repo restored from its own export", () => {
  test("comes back whole under a new commit this server signs, with a newer rev and a #sync", async () => {
    const before = await records(alice);
    const head = pds.ctx.repos.head(alice.did);
    const seq = pds.ctx.sequencer.lastSeq();
    expect(await importCar(exported)).toEqual({ status: 200, body: undefined });
    expect(await records(alice)).toEqual(before);
    const after = pds.ctx.repos.head(alice.did);
    expect(after.rev > head.rev).toBe(true);
    const events = pds.ctx.sequencer.after(seq, 10);
    expect(events.map((e) => e.type)).toEqual(["sync"]);
    expect(events[0]!.body.rev).toBe(after.rev);
    const { roots } = readCar(events[0]!.body.blocks as Uint8Array);
    expect(roots[0]!.toString()).toBe(after.cid.toString());
  });

  test("the next #commit continues from the #sync: since is its rev, prevData its tree (a relay's chain check)", async () => {
    const seq = pds.ctx.sequencer.lastSeq();
    const synced = pds.ctx.sequencer.after(seq - 1, 1)[0]!;
    expect(synced.type).toBe("sync");
    const { roots, blocks } = readCar(synced.body.blocks as Uint8Array);
    const commit = decodeCommit({ cid: roots[0]!, bytes: blocks.get(roots[0]!)! });
    await xrpc(pds.url, "com.atproto.repo.createRecord", {
      token: alice.accessJwt,
      body: {
        repo: alice.did,
        collection: POST,
        record: { text: "next", createdAt: new Date().toISOString() },
      },
    });
    const [next] = pds.ctx.sequencer.after(seq, 10);
    expect(next!.type).toBe("commit");
    expect(next!.body.since).toBe(commit.rev);
    expect((next!.body.prevData as Cid).toString()).toBe(commit.data.toString());
  });

  test("records still read, write and list; the blob is still served and nothing is missing", async () => {
    const list = await xrpc(pds.url, "com.atproto.repo.listRecords", {
      params: { repo: alice.did, collection: POST },
    });
    expect(list.body.records.length).toBe(31);
    const more = await xrpc(pds.url, "com.atproto.repo.createRecord", {
      token: alice.accessJwt,
      body: {
        repo: alice.did,
        collection: POST,
        record: { text: "after", createdAt: new Date().toISOString() },
      },
    });
    expect(more.status).toBe(200);
    expect(
      (await xrpcBytes(pds.url, "com.atproto.sync.getBlob", { did: alice.did, cid: blobCid })).status,
    ).toBe(200);
    const missing = await xrpc(pds.url, "com.atproto.repo.listMissingBlobs", { token: alice.accessJwt });
    expect(missing.body).toEqual({ blobs: [] });
  });

  test("a gzip-coded CAR is taken too", async () => {
    const res = await importCar(new Uint8Array(gzipSync(exported)), alice.accessJwt, {
      "content-encoding": "gzip",
    });
    expect(res.status).toBe(200);
  });
});

describe("a CAR that is refused, leaving the repo as it was", () => {
  const unchanged = async (run: () => Promise<{ status: number; body: string | undefined }>) => {
    const head = pds.ctx.repos.head(alice.did);
    const res = await run();
    expect(pds.ctx.repos.head(alice.did)).toEqual(head);
    expect(pds.ctx.db.prepare("SELECT count(*) FROM import_block").pluck().get()).toBe(0);
    return { status: res.status, body: res.body === undefined ? undefined : JSON.parse(res.body) };
  };

  test("another account's repo", async () => {
    expect(await unchanged(() => importCar(exported, bob.accessJwt))).toMatchObject({
      status: 400,
      body: {
        error: "InvalidRequest",
        message: expect.stringContaining(`is ${alice.did}'s, not ${bob.did}'s`),
      },
    });
  });

  test("a commit signed by a key the DID does not name", async () => {
    const empty = CBOR.encode({ l: null, e: [] });
    const root = Cid.create(DAG_CBOR, empty);
    const car = carOf(alice.did, Secp256k1Keypair.create(), root, new BlockMap().set(root, empty));
    expect(await unchanged(() => importCar(car))).toMatchObject({
      status: 400,
      body: { message: "Invalid repo import: the commit is not signed by the account's key" },
    });
  });

  test("a record block missing, or a record that is no record", async () => {
    const missing = readCar(exported);
    const recordCid = [...missing.blocks]
      .map(([cid]) => cid)
      .find((cid) => {
        const value = CBOR.decode(missing.blocks.get(cid)!) as Record<string, unknown>;
        return value?.$type === POST;
      })!;
    const without = encodeCar(
      missing.roots,
      [...missing.blocks].filter(([cid]) => !cid.equals(recordCid)),
    );
    expect(await unchanged(() => importCar(without))).toMatchObject({
      status: 400,
      body: { error: "InvalidRequest" },
    });
  });

  test("bytes that are no CAR, a truncated CAR, and an empty body", async () => {
    for (const body of [
      new TextEncoder().encode("not a car"),
      exported.subarray(0, exported.length - 40),
      new Uint8Array(),
    ]) {
      const res = await unchanged(() => importCar(body));
      expect(res.status, String(body.length)).toBe(400);
    }
  });

  test("a CAR over PDS_MAX_REPO_IMPORT_SIZE: 413 before it is read", async () => {
    const big = new Uint8Array(300 * 1024);
    expect((await unchanged(() => importCar(big))).status).toBe(413);
  });

  test("an app password may not replace the repo", async () => {
    const app = await xrpc(pds.url, "com.atproto.server.createAppPassword", {
      token: alice.accessJwt,
      body: { name: "a" },
    });
    const session = await xrpc(pds.url, "com.atproto.server.createSession", {
      body: { identifier: alice.did, password: app.body.password },
    });
    expect((await unchanged(() => importCar(exported, session.body.accessJwt))).status).toBe(400);
  });
});

describe("checkAccountStatus, listBlobs and getBlocks", () => {
  test("checkAccountStatus counts what the repo holds and says the DID names this server", async () => {
    const { body } = await xrpc(pds.url, "com.atproto.server.checkAccountStatus", { token: alice.accessJwt });
    const head = pds.ctx.repos.head(alice.did);
    expect(body).toEqual({
      activated: true,
      validDid: true,
      repoCommit: head.cid.toString(),
      repoRev: head.rev,
      repoBlocks: expect.any(Number),
      indexedRecords: 31, // the last import put back the export, without the post written after it
      privateStateValues: 0,
      expectedBlobs: 1,
      importedBlobs: 1,
    });
  });

  test("listBlobs names the records' blobs; getBlocks serves blocks by CID, and names the missing ones", async () => {
    const blobs = await xrpc(pds.url, "com.atproto.sync.listBlobs", { params: { did: alice.did } });
    expect(blobs.body).toEqual({ cids: [blobCid], cursor: blobCid });
    const head = pds.ctx.repos.head(alice.did).cid;
    const res = await fetch(`${pds.url}/xrpc/com.atproto.sync.getBlocks?did=${alice.did}&cids=${head}`);
    const car = readCar(new Uint8Array(await res.arrayBuffer()));
    expect([...car.blocks].map(([cid]) => cid.toString())).toEqual([head.toString()]);
    const absent = Cid.create(DAG_CBOR, CBOR.encode({ nothing: true })).toString();
    const missing = await fetch(
      `${pds.url}/xrpc/com.atproto.sync.getBlocks?did=${alice.did}&cids=${head}&cids=${absent}`,
    );
    expect([missing.status, await missing.json()]).toEqual([
      400,
      { error: "InvalidRequest", message: `Could not find cids: ${absent}` },
    ]);
  });
});
