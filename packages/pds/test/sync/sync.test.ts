import { Cid, readCar, verifyRecordProof, verifyRepoCar } from "@putrecord/repo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestAccount,
  putRecord,
  startTestPds,
  type TestAccount,
  type TestPds,
  xrpc,
  xrpcBytes,
} from "../_util.js";

let pds: TestPds;
let alice: TestAccount;
let signingKeyDid: string;

beforeAll(async () => {
  pds = await startTestPds();
  alice = await createTestAccount(pds, "alice");
  signingKeyDid = pds.ctx.accounts.signingKey(alice.did).did();
  for (let i = 0; i < 30; i++) await putRecord(pds, alice, "com.example.s", `r${i}`, { i });
});
afterAll(() => pds.close());

const sync = (nsid: string, params: Record<string, string>) =>
  xrpc(pds.url, `com.atproto.sync.${nsid}`, { params });
const head = async () =>
  (await sync("getLatestCommit", { did: alice.did })).body as { cid: string; rev: string };

describe("sync", () => {
  it("getRepo returns a CAR that verifies (signature, MST, records) and holds every record", async () => {
    const res = await xrpcBytes(pds.url, "com.atproto.sync.getRepo", { did: alice.did });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.ipld.car");
    const repo = verifyRepoCar(res.bytes, { did: alice.did, signingKeyDid });
    expect(repo.cid.toString()).toBe((await head()).cid);
    const records = repo.records.filter((r) => r.collection === "com.example.s");
    expect(records.map((r) => r.rkey).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `r${i}`).sort());
  });

  it("getRepo with since returns only the blocks written after that rev", async () => {
    const before = await head();
    const put = await putRecord(pds, alice, "com.example.s", "later", { later: true });
    const res = await xrpcBytes(pds.url, "com.atproto.sync.getRepo", { did: alice.did, since: before.rev });
    const { roots, blocks } = readCar(res.bytes);
    expect(roots[0]!.toString()).toBe(put.body.commit.cid);
    expect(blocks.has(Cid.parse(put.body.cid))).toBe(true);
    expect(blocks.has(Cid.parse(before.cid))).toBe(false);
    const full = readCar((await xrpcBytes(pds.url, "com.atproto.sync.getRepo", { did: alice.did })).bytes);
    expect(blocks.size).toBeLessThan(full.blocks.size / 2);
  });

  it("getLatestCommit follows writes with strictly increasing revs", async () => {
    const a = await head();
    const put = await putRecord(pds, alice, "com.example.s", "r0", { i: "changed" });
    const b = await head();
    expect(b).toEqual(put.body.commit);
    expect(b.rev > a.rev).toBe(true);
  });

  it("getRecord proves presence and absence under the signed head", async () => {
    const present = await xrpcBytes(pds.url, "com.atproto.sync.getRecord", {
      did: alice.did,
      collection: "com.example.s",
      rkey: "r5",
    });
    const proof = verifyRecordProof(present.bytes, "com.example.s", "r5", { did: alice.did, signingKeyDid });
    expect(proof.value).toEqual({ $type: "com.example.s", i: 5 });
    const absent = await xrpcBytes(pds.url, "com.atproto.sync.getRecord", {
      did: alice.did,
      collection: "com.example.s",
      rkey: "nope",
    });
    expect(verifyRecordProof(absent.bytes, "com.example.s", "nope", { signingKeyDid }).cid).toBeNull();
  });

  it("getRepoStatus and listRepos report the repo active at its head", async () => {
    const status = await sync("getRepoStatus", { did: alice.did });
    expect(status.body).toEqual({ did: alice.did, active: true, rev: (await head()).rev });
    const list = await sync("listRepos", {});
    expect(list.body.repos).toContainEqual({
      did: alice.did,
      head: (await head()).cid,
      rev: (await head()).rev,
      active: true,
    });
  });

  it("unknown repos are 400 RepoNotFound; a taken-down repo is hidden", async () => {
    expect((await sync("getLatestCommit", { did: "did:plc:nobody" })).body.error).toBe("RepoNotFound");
    const bob = await createTestAccount(pds, "bob");
    pds.ctx.accounts.setTakedown(bob.did, "takedown-1");
    expect((await sync("getLatestCommit", { did: bob.did })).body.error).toBe("RepoTakendown");
    expect((await xrpcBytes(pds.url, "com.atproto.sync.getRepo", { did: bob.did })).status).toBe(400);
    expect((await sync("getRepoStatus", { did: bob.did })).body).toEqual({
      did: bob.did,
      active: false,
      status: "takendown",
    });
  });
});
