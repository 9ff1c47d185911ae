// Issue 5.4: our data, verified by the reference. @atproto/repo checks our sync.getRepo CAR against the
// signing key in the account's DID document and reads back every record; each #commit frame of our
// firehose passes the checks a relay makes (@atproto/sync's commit authentication: the CAR's root is the
// commit, the signature, a proof for every op) and the sync 1.1 inductive check (pds-anchor §2.7): inverting
// the ops on the frame's own MST blocks gives back `prevData`.
import { decodeAll } from "@atproto/lex-cbor";
import {
  type Commit,
  def,
  MemoryBlockstore,
  MST,
  readCarWithRoot,
  verifyCommitSig,
  verifyProofs,
  verifyRepoCar,
} from "@atproto/repo";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { WebSocket } from "ws";
import { createTestAccount, type TestAccount } from "../../packages/pds/test/_util.js";
import { xrpc } from "../../peers/target.js";
import { latestCommit, signingKeyOf, startOurPds, syncBytes } from "./_util.js";

const POST = "app.bsky.feed.post";
const PROFILE = "app.bsky.actor.profile";
const createdAt = "2026-11-27T12:00:00.000Z";
const TID_CHARS = "234567abcdefghijklmnopqrstuvwxyz";

/** The i-th of a run of valid TID record keys (posts need TID keys). */
function rkey(i: number): string {
  return `3l6z3vxq4e${TID_CHARS[Math.floor(i / 32)]}${TID_CHARS[i % 32]}2`;
}

/** A #commit frame body as the lexicon defines it, CIDs decoded. */
interface CommitEvent {
  seq: number;
  repo: string;
  commit: Commit["data"];
  rev: string;
  since: string | null;
  blocks: Uint8Array;
  ops: {
    action: "create" | "update" | "delete";
    path: string;
    cid: Commit["data"] | null;
    prev?: Commit["data"];
  }[];
  prevData?: Commit["data"];
}

let pds: Awaited<ReturnType<typeof startOurPds>>;
let alice: TestAccount;
let key: string;
let firehose: Firehose;

beforeAll(async () => {
  pds = await startOurPds();
  alice = await createTestAccount(pds, "alice");
  key = await signingKeyOf(pds, alice.did);
  firehose = openFirehose(pds.url, alice.did);
  await firehose.open;
  await writeEverything();
});
afterAll(async () => {
  firehose?.close();
  await pds?.close();
});

/** Every kind of write the PDS accepts, so the repo and the firehose carry each kind of op. */
async function writeEverything(): Promise<void> {
  const write = (nsid: string, body: Record<string, unknown>) =>
    xrpc(pds, `com.atproto.repo.${nsid}`, { body: { repo: alice.did, ...body }, token: alice.accessJwt });
  const post = (text: string) => ({ $type: POST, text, createdAt });
  await write("putRecord", {
    collection: PROFILE,
    rkey: "self",
    record: { $type: PROFILE, displayName: "A" },
  });
  await write("putRecord", {
    collection: PROFILE,
    rkey: "self",
    record: { $type: PROFILE, displayName: "B" },
  });
  // Enough keys for an MST of several layers, so proofs span more than the root node.
  await write("applyWrites", {
    writes: Array.from({ length: 60 }, (_, i) => ({
      $type: "com.atproto.repo.applyWrites#create",
      collection: POST,
      rkey: rkey(i),
      value: post(`post ${i}`),
    })),
  });
  await write("createRecord", { collection: POST, record: post("created") });
  await write("deleteRecord", { collection: POST, rkey: rkey(30) });
  await write("applyWrites", {
    writes: [
      { $type: "com.atproto.repo.applyWrites#create", collection: POST, rkey: rkey(100), value: post("new") },
      { $type: "com.atproto.repo.applyWrites#update", collection: POST, rkey: rkey(31), value: post("edit") },
      { $type: "com.atproto.repo.applyWrites#delete", collection: POST, rkey: rkey(32) },
    ],
  });
  await write("putRecord", { collection: "com.example.unknown", rkey: "any-key", record: { n: 1 } });
}

describe("sync.getRepo, verified by @atproto/repo", () => {
  test("the CAR verifies against the DID document's key, and holds exactly the records listRecords serves", async () => {
    const car = await syncBytes(pds, "com.atproto.sync.getRepo", { did: alice.did });
    const verified = await verifyRepoCar(car, alice.did, key);
    expect(verified.commit.cid.toString()).toBe((await latestCommit(pds, alice.did)).cid);

    const { collections } = await xrpc<{ collections: string[] }>(pds, "com.atproto.repo.describeRepo", {
      params: { repo: alice.did },
    });
    const served = new Map<string, { cid: string; value: unknown }>();
    for (const collection of collections) {
      const { records } = await xrpc<{ records: { uri: string; cid: string; value: unknown }[] }>(
        pds,
        "com.atproto.repo.listRecords",
        { params: { repo: alice.did, collection, limit: "100" } },
      );
      for (const r of records)
        served.set(r.uri.split("/").slice(3).join("/"), { cid: r.cid, value: r.value });
    }
    // 1 profile + 60 + 1 posts, 1 deleted, 1 created and 1 deleted together, 1 unknown-lexicon record.
    expect(served.size).toBe(62);
    expect(verified.creates).toHaveLength(served.size);
    // Read each record back out of the CAR with the reference's block store (CIDs checked on read).
    const store = new MemoryBlockstore((await readCarWithRoot(car)).blocks);
    for (const c of verified.creates) {
      const path = `${c.collection}/${c.rkey}`;
      const value = await store.readRecord(c.cid);
      expect(served.get(path), path).toEqual({ cid: c.cid.toString(), value });
    }
  });

  test("a CAR checked against another key is refused", async () => {
    const car = await syncBytes(pds, "com.atproto.sync.getRepo", { did: alice.did });
    const bob = await createTestAccount(pds, "bob");
    await expect(verifyRepoCar(car, alice.did, await signingKeyOf(pds, bob.did))).rejects.toThrow(
      /signature/i,
    );
  });
});

describe("subscribeRepos #commit frames, verified by the reference's checks", () => {
  test("every commit authenticates, proves its ops, and inverts to its prevData", async () => {
    const latest = await latestCommit(pds, alice.did);
    const events = await firehose.until((evts) => evts.at(-1)?.rev === latest.rev);
    // Account creation's commit, then the seven writes above, in order and chained by `since`.
    expect(events).toHaveLength(8);
    const actions = new Set(events.flatMap((e) => e.ops.map((op) => op.action)));
    expect([...actions].sort()).toEqual(["create", "delete", "update"]);

    let previous: { rev: string; data: Commit["data"] } | undefined;
    for (const evt of events) {
      const commit = await authenticate(evt);
      await proveOps(evt);
      if (previous === undefined) {
        expect(evt.ops).toEqual([]);
      } else {
        expect(evt.since).toBe(previous.rev);
        expect(evt.prevData?.toString()).toBe(previous.data.toString());
        expect((await invert(evt, commit)).toString(), `seq ${evt.seq}`).toBe(evt.prevData!.toString());
      }
      previous = { rev: evt.rev, data: commit.data };
    }
  });
});

/** What @atproto/sync does first with a #commit: the CAR's root is the commit, signed by the repo's key. */
async function authenticate(evt: CommitEvent): Promise<Commit> {
  const car = await readCarWithRoot(evt.blocks);
  expect(car.root.toString()).toBe(evt.commit.toString());
  const commit = await new MemoryBlockstore(car.blocks).readObj(car.root, def.commit);
  expect(commit).toMatchObject({ did: evt.repo, rev: evt.rev, version: 3 });
  expect(await verifyCommitSig(commit, key)).toBe(true);
  return commit;
}

/** Each op is proven by the frame's blocks: the record CID at its path, or no record for a delete. */
async function proveOps(evt: CommitEvent): Promise<void> {
  const claims = evt.ops.map((op) => {
    const [collection, rkey] = op.path.split("/") as [string, string];
    return { collection, rkey, cid: op.cid };
  });
  const { unverified } = await verifyProofs(evt.blocks, claims, evt.repo, key);
  expect(unverified).toEqual([]);
}

/** Applies the inverse of every op to the MST in the frame's blocks; returns the root it arrives at. */
async function invert(evt: CommitEvent, commit: Commit): Promise<Commit["data"]> {
  const { blocks } = await readCarWithRoot(evt.blocks);
  let mst = MST.load(new MemoryBlockstore(blocks), commit.data);
  for (const op of evt.ops) {
    if (op.action === "create") {
      expect(op.prev).toBeUndefined();
      mst = await mst.delete(op.path);
    } else if (op.action === "update") {
      mst = await mst.update(op.path, op.prev!);
    } else {
      expect(op.cid).toBeNull();
      mst = await mst.add(op.path, op.prev!);
    }
  }
  return mst.getPointer();
}

interface Firehose {
  /** Resolves once the socket is open. */
  open: Promise<void>;
  /** Resolves with the account's #commit events once `done` holds for them. */
  until(done: (events: CommitEvent[]) => boolean, timeoutMs?: number): Promise<CommitEvent[]>;
  close(): void;
}

/** Subscribes from the start of the log (cursor 0) and keeps the #commit events of one repo. */
function openFirehose(url: string, did: string): Firehose {
  const ws = new WebSocket(`${url.replace("http", "ws")}/xrpc/com.atproto.sync.subscribeRepos?cursor=0`);
  const events: CommitEvent[] = [];
  let check = () => {};
  ws.on("message", (data: Buffer) => {
    // A frame is two DAG-CBOR values, header then body, decoded here by the reference's codec.
    const [header, body] = [...decodeAll(new Uint8Array(data))] as unknown as [
      { op: number; t?: string },
      CommitEvent,
    ];
    expect(header.op, JSON.stringify(body)).toBe(1);
    if (header.t === "#commit" && body.repo === did) events.push(body);
    check();
  });
  return {
    open: new Promise((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    }),
    until: (done, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new FirehoseTimeoutError(events.length)), timeoutMs);
        check = () => {
          if (!done(events)) return;
          clearTimeout(timer);
          resolve(events);
        };
        check();
      }),
    close: () => ws.close(),
  };
}

/** The firehose did not deliver the expected commits in time. */
class FirehoseTimeoutError extends Error {
  constructor(readonly received: number) {
    super(`firehose timed out; commits received=${received}`);
    this.name = "FirehoseTimeoutError";
  }
}
