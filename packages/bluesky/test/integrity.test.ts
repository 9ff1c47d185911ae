import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlueskyCore } from "../src/core.js";
import {
  RecordCidMismatchError,
  RecordEncodingError,
  recordCid,
  repoCreateRecordVerified,
  repoGetRecordVerified,
  repoPutRecordVerified,
} from "../src/integrity.js";
import type { JsonObject } from "../src/models/components/json.js";
import { XRPCError } from "../src/models/errors/blueskyerror.js";
import { vectorDir } from "./_util.js";
import { type Fixture, jsonOf, startFixture, xrpcError } from "./_xrpc-fixture.js";

type Vector = { note?: string; json: unknown; cid?: string };
const vectors = (name: string): Vector[] =>
  JSON.parse(readFileSync(`${vectorDir("data-model")}/${name}`, "utf8"));

describe("recordCid", () => {
  it.each(vectors("data-model-fixtures.json"))("matches the interop CID $cid", async ({ json, cid }) => {
    expect(await recordCid(json)).toBe(cid);
  });

  it.each(vectors("data-model-valid.json"))("gives valid data a dag-cbor CID: $note", async ({ json }) => {
    expect(await recordCid(json)).toMatch(/^bafyrei[a-z2-7]{52}$/);
  });

  it.each(vectors("data-model-invalid.json"))("refuses invalid data: $note", async ({ json }) => {
    await expect(recordCid(json)).rejects.toBeInstanceOf(RecordEncodingError);
  });

  it("does not depend on key order", async () => {
    expect(await recordCid({ b: 1, a: "x", aa: [true] })).toBe(await recordCid({ aa: [true], a: "x", b: 1 }));
  });
});

const [fixture] = vectors("data-model-fixtures.json") as [{ json: JsonObject; cid: string }];
const OTHER_CID = "bafyreihldkhcwijkde7gx4rpkkuw7pl6lbyu5gieunyc7ihactn5bkd2nm";
const URI = "at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.example.thing/self";
const COMMIT = { cid: OTHER_CID, rev: "3jzfcijpj2z2a" };

describe("verified operations against a server", () => {
  let server: Fixture;
  let client: BlueskyCore;
  // What the server claims: the honest CID unless a test says otherwise.
  let claimedCid = fixture.cid;

  beforeAll(async () => {
    server = await startFixture({
      "com.atproto.repo.putRecord": () => ({ body: { uri: URI, cid: claimedCid, commit: COMMIT } }),
      "com.atproto.repo.createRecord": (req) =>
        jsonOf(req).rkey === "taken"
          ? xrpcError(400, "InvalidRequest", "record already exists")
          : { body: { uri: URI, cid: claimedCid, commit: COMMIT } },
      "com.atproto.repo.getRecord": () => ({ body: { uri: URI, cid: claimedCid, value: fixture.json } }),
    });
    client = new BlueskyCore({ serverURL: server.url, bearer: "token" });
  });
  afterAll(() => server.close());

  const write = { repo: "did:plc:ewvi7nxzyoun6zhxrhs64oiz", collection: "app.example.thing", rkey: "self" };

  it("keeps a putRecord whose cid is the record's", async () => {
    claimedCid = fixture.cid;
    const res = await repoPutRecordVerified(client, { ...write, record: fixture.json });
    expect(res.ok && res.value.cid).toBe(fixture.cid);
  });

  it("refuses a putRecord whose cid is not the record's", async () => {
    claimedCid = OTHER_CID;
    const res = await repoPutRecordVerified(client, { ...write, record: fixture.json });
    expect(res.ok).toBe(false);
    expect(res.error).toBeInstanceOf(RecordCidMismatchError);
    expect(res.error).toMatchObject({ received: OTHER_CID, computed: fixture.cid, uri: URI });
  });

  it("refuses a record without a CID before sending it", async () => {
    const before = server.requests.length;
    const res = await repoCreateRecordVerified(client, { ...write, record: { $type: "x.y.z", n: 1.5 } });
    expect(res.error).toBeInstanceOf(RecordEncodingError);
    expect(server.requests.length).toBe(before);
  });

  it("passes the server's own errors through untouched", async () => {
    const res = await repoCreateRecordVerified(client, { ...write, rkey: "taken", record: fixture.json });
    expect(res.error).toBeInstanceOf(XRPCError);
    expect((res.error as XRPCError).error).toBe("InvalidRequest");
  });

  it("checks getRecord's value against its cid", async () => {
    claimedCid = fixture.cid;
    const good = await repoGetRecordVerified(client, write);
    expect(good.ok).toBe(true);
    claimedCid = OTHER_CID;
    const bad = await repoGetRecordVerified(client, write);
    expect(bad.error).toBeInstanceOf(RecordCidMismatchError);
  });
});
