// The soak's request loops: writers (small records, and now and then a large one), getRecord readers,
// listRecords, and getRepo of a large seeded repo and of the repos being written. Each loop is paced to
// its rate, so latencies measure the server, not a queue the client built.
import { Tid } from "@putrecord/repo";
import type { Account, Target } from "../../peers/target.js";
import { postXrpc } from "../putrecord/http-client.js";
import { COLLECTION, note } from "../putrecord/writes.js";
import { getXrpc } from "./http.js";
import type { Recorder } from "./recorder.js";

/** How hard each loop runs. */
export interface LoadPlan {
  writers: number;
  /** Per writer. */
  writesPerSecond: number;
  /** One write in this many carries a large record. */
  largeEvery: number;
  largeBytes: number;
  readers: number;
  /** Per reader. */
  readsPerSecond: number;
  listsPerSecond: number;
  getReposPerSecond: number;
}

/** The accounts the loops use: one per writer, and the large seeded repo. */
export interface LoadAccounts {
  writers: Account[];
  seeded: Account;
}

/** Recently written records, for readers to fetch. */
const KEPT_KEYS = 10_000;

/** Runs `step` about `perSecond` times a second until `running()` is false. */
async function paced(perSecond: number, running: () => boolean, step: () => Promise<void>): Promise<void> {
  const interval = 1000 / perSecond;
  let next = performance.now();
  while (running()) {
    await step();
    next += interval;
    const wait = next - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    else next = performance.now(); // behind: do not burst to catch up
  }
}

/** Starts every request loop; resolves when `running()` turns false and each loop has finished its step. */
export function runLoad(
  target: Target,
  accounts: LoadAccounts,
  plan: LoadPlan,
  rec: Recorder,
  running: () => boolean,
): Promise<void> {
  const written: { did: string; rkey: string }[] = [];
  const loops: Promise<void>[] = [];
  const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)]!;
  for (const account of accounts.writers) {
    let n = 0;
    loops.push(
      paced(plan.writesPerSecond, running, async () => {
        const rkey = Tid.next();
        const record = note(n);
        const large = ++n % plan.largeEvery === 0;
        if (large) record.text = "x".repeat(plan.largeBytes);
        await rec.time(large ? "write large" : "write", () =>
          postXrpc(target.url, "com.atproto.repo.putRecord", account.accessJwt, {
            repo: account.did,
            collection: COLLECTION,
            rkey,
            record,
          }),
        );
        written.push({ did: account.did, rkey });
        if (written.length > KEPT_KEYS) written.splice(0, written.length - KEPT_KEYS);
      }),
    );
  }
  for (let r = 0; r < plan.readers; r++) {
    loops.push(
      paced(plan.readsPerSecond, running, async () => {
        if (written.length === 0) return;
        const { did, rkey } = pick(written);
        const params = { repo: did, collection: COLLECTION, rkey };
        await rec.time("getRecord", () => getXrpc(target.url, "com.atproto.repo.getRecord", params));
      }),
    );
  }
  loops.push(
    paced(plan.listsPerSecond, running, async () => {
      const params = { repo: pick(accounts.writers).did, collection: COLLECTION, limit: "100" };
      await rec.time("listRecords", () => getXrpc(target.url, "com.atproto.repo.listRecords", params));
    }),
  );
  let turn = 0;
  loops.push(
    paced(plan.getReposPerSecond, running, async () => {
      // Every other one is a repo being written to while it streams.
      const did = turn++ % 2 === 0 ? accounts.seeded.did : pick(accounts.writers).did;
      await rec.time("getRepo", async () => {
        rec.count("getRepo bytes", await getXrpc(target.url, "com.atproto.sync.getRepo", { did }));
      });
    }),
  );
  return Promise.all(loops).then(() => {});
}
