// The PDS under random input (issue 13, must-hold 3), on a real server on 127.0.0.1: random data-model
// records round-trip exactly through putRecord and getRecord, and random requests to every method are
// never answered with a 5xx. Short here (seconds); `npm run bench -- bench/fuzz.ts --runs N` runs longer.
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestAccount, startTestPds, type TestAccount, type TestPds, xrpc } from "./_util.js";
import { recordRoundTrip, uploadBlobs } from "./fuzz/records.js";
import { neverServerError } from "./fuzz/requests.js";

let pds: TestPds;
let alice: TestAccount;
let bob: TestAccount;
const escaped: unknown[] = [];
const onEscape = (err: unknown) => escaped.push(err);

beforeAll(async () => {
  pds = await startTestPds();
  [alice, bob] = await Promise.all([createTestAccount(pds, "alice"), createTestAccount(pds, "bob")]);
  process.on("uncaughtException", onEscape);
});
afterAll(async () => {
  process.off("uncaughtException", onEscape);
  await pds.close();
});

it("round-trips random records exactly through putRecord and getRecord", async () => {
  const target = { url: pds.url, did: alice.did, accessJwt: alice.accessJwt };
  const blobs = await uploadBlobs(target);
  await fc.assert(recordRoundTrip(target, blobs), { numRuns: 100 });
}, 60_000);

it("answers random requests to every method, never with a 5xx", async () => {
  const methods = [...pds.app.router.routes()];
  expect(methods.map((m) => m.nsid)).toEqual(
    expect.arrayContaining([
      "com.atproto.repo.putRecord",
      "com.atproto.repo.uploadBlob",
      "com.atproto.sync.getRecord",
    ]),
  );
  const target = { url: pds.url, methods, alice, bob, adminPassword: pds.ctx.secrets.adminPassword };
  const counts = {};
  await fc.assert(neverServerError(target, counts), { numRuns: 400 });
  expect(escaped).toEqual([]);
  expect((await xrpc(pds.url, "_health")).status).toBe(200);
}, 60_000);
