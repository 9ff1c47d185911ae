// Grows a repo to a given size quickly: com.atproto.repo.applyWrites with 200 creates per call (the
// reference's maximum) instead of 100k single putRecords. Time-capped, because a slow server may not get there.
import { Tid } from "@putrecord/repo";
import { type Account, type Target, xrpc } from "../../peers/target.js";
import { COLLECTION, note } from "./writes.js";

const BATCH = 200;
const PROGRESS_EVERY_MS = 15_000;

/** Adds `count` records to the account's repo, or as many as fit in `capSeconds`; returns how many it added. */
export async function fillRepo(
  target: Target,
  account: Account,
  count: number,
  capSeconds: number,
  log: (line: string) => void,
): Promise<number> {
  const start = performance.now();
  const deadline = start + capSeconds * 1000;
  let added = 0;
  let lastLog = start;
  while (added < count && performance.now() < deadline) {
    const size = Math.min(BATCH, count - added);
    const writes = Array.from({ length: size }, (_, i) => ({
      $type: "com.atproto.repo.applyWrites#create",
      collection: COLLECTION,
      rkey: Tid.next(),
      value: note(added + i),
    }));
    await xrpc(target, "com.atproto.repo.applyWrites", {
      token: account.accessJwt,
      body: { repo: account.did, writes },
    });
    added += size;
    if (performance.now() - lastLog > PROGRESS_EVERY_MS) {
      lastLog = performance.now();
      const rate = added / ((lastLog - start) / 1000);
      log(`  ${target.name}: filled ${added}/${count} records (${rate.toFixed(0)} records/s)`);
    }
  }
  return added;
}
