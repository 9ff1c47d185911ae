import { statSync } from "node:fs";
import { join } from "node:path";
import { Tid } from "@putrecord/repo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccount, preparedPut, startTestPds, type TestAccount, type TestPds } from "../_util.js";

let pds: TestPds;
let alice: TestAccount;

beforeAll(async () => {
  pds = await startTestPds();
  alice = await createTestAccount(pds, "alice");
});
afterAll(() => pds.close());

const note = (i: number) => preparedPut("com.example.note", Tid.next(), { text: `note ${i}` });

describe("WAL checkpoints", () => {
  it("copy commits into the database file and keep the WAL bounded under constant writes", async () => {
    const file = join(pds.ctx.config.dataDirectory, "pds.sqlite");
    const before = statSync(file).size;
    // Eight writers keep a commit always in progress (the case where a WAL stops restarting). Each
    // batch of their writes commits ~20 pages: 3,000 writes leave over 40 MB of WAL if it never restarts.
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 3000 / 8; i++)
          await pds.ctx.writes.submit(alice.did, { writes: [note(w * 1000 + i)] });
      }),
    );
    expect(statSync(`${file}-wal`).size).toBeLessThan(20 * 1024 * 1024);
    expect(statSync(file).size).toBeGreaterThan(before);
    const { count } = pds.ctx.db
      .prepare("SELECT count(*) AS count FROM record WHERE did = ?")
      .get(alice.did) as {
      count: number;
    };
    expect(count).toBe(8 * Math.floor(3000 / 8));
  });
});
