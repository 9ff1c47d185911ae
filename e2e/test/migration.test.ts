// Account migration as the protocol describes it, between the reference PDS and ours, both publishing to
// one PLC directory: an account with 1,000 records and 20 blobs moves from the reference to ours and
// back, driven by our migration helper (packages/pds/src/migrate), with every record, every blob and
// a repo that verifies on arrival, and the firehose events a relay expects from each side. Skipped, with
// the reason, when the peers are not installed.
import { verifyRepoCar } from "@putrecord/repo";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type MigrationReport, migrateAccount } from "../../packages/pds/src/migrate/migrate.js";
import { type Account, createAccount, type Target, xrpc } from "../../peers/target.js";
import {
  type Content,
  checkSyncEvent,
  type FirehoseEvent,
  type MigrationPeers,
  ourEmailCode,
  referenceEmailCode,
  replayFirehose,
  startMigrationPeers,
  writeContent,
} from "./_migration.js";
import {
  latestCommit,
  referencePeersUnavailableReason,
  START_TIMEOUT_MS,
  signingKeyOf,
  syncBytes,
} from "./_util.js";

const unavailable = referencePeersUnavailableReason();
const title = `account migration between the reference PDS and ours${unavailable ? ` (skipped: ${unavailable})` : ""}`;
const RECORDS = 1000;
const BLOBS = 20;

describe.skipIf(unavailable !== undefined)(title, () => {
  let peers: MigrationPeers;
  let ref: MigrationPeers["ref"];
  let ours: MigrationPeers["ours"];
  let alice: Account;
  let content: Content;
  let revOnReference: string;
  const reports: MigrationReport[] = [];

  beforeAll(async () => {
    peers = await startMigrationPeers();
    ({ ref, ours } = peers);
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await peers?.stop();
    for (const r of reports)
      console.log(`migration of ${RECORDS} records and ${BLOBS} blobs: ${r.ms.toFixed(0)} ms`);
  });

  /** The repo as a server serves it, verified against the key its DID document names now. */
  async function verifiedRepo(target: Target, key?: string) {
    const car = await syncBytes(target, "com.atproto.sync.getRepo", { did: alice.did });
    return verifyRepoCar(car, {
      did: alice.did,
      signingKeyDid: key ?? (await signingKeyOf(target, alice.did)),
    });
  }

  /** Every record and blob `content` lists is on `target`, byte for byte. */
  async function expectAllContent(target: Target, key?: string) {
    const repo = await verifiedRepo(target, key);
    const records = new Map(repo.records.map((r) => [`${r.collection}/${r.rkey}`, r.cid.toString()]));
    expect(records).toEqual(content.records);
    const { cids } = await xrpc<{ cids: string[] }>(target, "com.atproto.sync.listBlobs", {
      params: { did: alice.did, limit: "1000" },
    });
    expect(cids.sort()).toEqual([...content.blobs.keys()].sort());
    for (const [cid, bytes] of content.blobs) {
      const blob = await syncBytes(target, "com.atproto.sync.getBlob", { did: alice.did, cid });
      expect(Buffer.from(blob).equals(bytes), cid).toBe(true);
    }
  }

  const eventsOf = (events: FirehoseEvent[]) =>
    events.filter((e) => (e.body.did ?? e.body.repo) === alice.did);

  test(`an account with ${RECORDS} records and ${BLOBS} blobs on the reference PDS`, async () => {
    alice = await createAccount(ref);
    content = await writeContent(ref, alice, RECORDS, BLOBS);
    expect(content.records.size).toBe(RECORDS);
    expect(content.blobs.size).toBe(BLOBS);
    revOnReference = (await latestCommit(ref, alice.did)).rev;
  }, 120_000);

  test("moves to ours: every record and blob arrives, and the repo verifies with the key the DID now names", async () => {
    const report = await migrateAccount(
      { url: ref.url, identifier: alice.did, password: alice.password },
      { url: ours.url, handle: alice.handle, email: "alice@example.com", password: "new-password" },
      { plcToken: async () => referenceEmailCode(ref.dataDir, alice.did) },
    );
    reports.push(report);
    expect(report).toMatchObject({
      did: alice.did,
      indexedRecords: RECORDS,
      expectedBlobs: BLOBS,
      importedBlobs: BLOBS,
    });
    const key = await signingKeyOf(ours, alice.did);
    expect(key).toBe(ours.ctx.accounts.signingKey(alice.did).did());
    await expectAllContent(ours);
    expect(ours.ctx.accounts.getAccount(alice.did)?.deactivatedAt).toBeNull();
  }, 120_000);

  test("our firehose: silent until the DID names ours, then what a relay needs to switch hosts", async () => {
    const events = eventsOf(await replayFirehose(ours));
    expect(events.map((e) => e.type)).toEqual(["#identity", "#account", "#identity", "#sync"]);
    expect(events[1]!.body).toMatchObject({ active: true });
    expect(events[2]!.body).toMatchObject({ handle: alice.handle });
    // The #sync carries a commit this server signed with the key the DID document names, newer than
    // anything the old host sent, so a relay takes it as the account's current state.
    const { rev } = checkSyncEvent(events[3]!.body, alice.did, await signingKeyOf(ours, alice.did));
    expect(rev > revOnReference).toBe(true);
  });

  test("the reference's firehose says the old account is deactivated", async () => {
    const last = eventsOf(await replayFirehose(ref)).at(-1)!;
    expect(last).toEqual({
      type: "#account",
      body: expect.objectContaining({ active: false, status: "deactivated" }),
    });
  });

  test("written on ours after the move, then back to the reference: every record and blob there", async () => {
    const session = await xrpc<{ accessJwt: string }>(ours, "com.atproto.server.createSession", {
      body: { identifier: alice.did, password: "new-password" },
    });
    const post = await xrpc<{ uri: string; cid: string }>(ours, "com.atproto.repo.createRecord", {
      token: session.accessJwt,
      body: {
        repo: alice.did,
        collection: "app.bsky.feed.post",
        record: { text: "from ours", createdAt: new Date().toISOString() },
      },
    });
    content.records.set(post.uri.split("/").slice(3).join("/"), post.cid);
    const report = await migrateAccount(
      { url: ours.url, identifier: alice.did, password: "new-password" },
      { url: ref.url, handle: alice.handle, email: "alice@example.com", password: alice.password },
      { plcToken: async () => ourEmailCode(ours.dataDirectory, "alice@example.com") },
    );
    reports.push(report);
    expect(report).toMatchObject({ indexedRecords: RECORDS + 1, expectedBlobs: BLOBS, importedBlobs: BLOBS });
    // The reference keeps the imported commit, which our key signed, until its next write
    // (docs/differences.md): on arrival the repo verifies with that key.
    await expectAllContent(ref, ours.ctx.accounts.signingKey(alice.did).did());
    // Its next commit is its own, signed with the key the DID document names again.
    await xrpc(ref, "com.atproto.repo.createRecord", {
      token: alice.accessJwt,
      body: {
        repo: alice.did,
        collection: "app.bsky.feed.post",
        record: { text: "home", createdAt: new Date().toISOString() },
      },
    });
    expect((await verifiedRepo(ref)).records.length).toBe(RECORDS + 2);
  }, 120_000);

  test("our firehose then says the account is deactivated here", async () => {
    const last = eventsOf(await replayFirehose(ours)).at(-1)!;
    expect(last).toEqual({
      type: "#account",
      body: expect.objectContaining({ active: false, status: "deactivated" }),
    });
  });
});
