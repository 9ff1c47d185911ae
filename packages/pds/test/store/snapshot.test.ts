import { afterAll, beforeAll, expect, test } from "vitest";
import { SnapshotClosedError, SnapshotLimitError, Snapshots } from "../../src/store/snapshot.js";
import { createTestAccount, startTestPds, type TestAccount, type TestPds } from "../_util.js";

let pds: TestPds;
let alice: TestAccount;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  pds = await startTestPds();
  alice = await createTestAccount(pds, "alice");
});
afterAll(() => pds.close());

test("at most `max` snapshots are open; closing one frees its place", () => {
  const snapshots = new Snapshots(pds.ctx.db.name, { max: 2, maxMs: 60_000 });
  const a = snapshots.open();
  const b = snapshots.open();
  expect(() => snapshots.open()).toThrow(SnapshotLimitError);
  expect(a.attemptHead(alice.did)).toEqual(pds.ctx.repos.head(alice.did));
  a.close();
  a.close(); // twice frees one place only
  const c = snapshots.open();
  expect(() => snapshots.open()).toThrow(SnapshotLimitError);
  b.close();
  c.close();
});

test("a snapshot held past maxMs closes itself: reads throw, a row scan in progress fails, its place is freed", async () => {
  const snapshots = new Snapshots(pds.ctx.db.name, { max: 1, maxMs: 100 });
  const snapshot = snapshots.open();
  const rows = snapshot.blocksSince(alice.did, "");
  expect(rows.next().done).toBe(false);
  await sleep(150);
  expect(() => rows.next()).toThrow(SnapshotClosedError);
  expect(() => snapshot.attemptHead(alice.did)).toThrow(SnapshotClosedError);
  snapshots.open().close();
});
