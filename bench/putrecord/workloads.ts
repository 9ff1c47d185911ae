// The five loads of the putRecord benchmark (issue 4, point 11). Each prepares its own fresh accounts on a
// target and hands back the write loops to measure; the same definitions run against every target.
import { Tid } from "@putrecord/repo";
import { type Account, createAccount, type Target } from "../../peers/target.js";
import { fillRepo } from "./fill.js";
import type { Write } from "./measure.js";
import { createWrite, note, putRecord, updateWrite } from "./writes.js";

export interface WorkloadSettings {
  /** Records in the repo before the "big repo" load starts. */
  bigRecords: number;
  /** Time cap for growing that repo. */
  fillCapSeconds: number;
  log(line: string): void;
}

export interface Prepared {
  writers: Write[];
  /** Something the report must say about this run, e.g. the repo size actually reached. */
  note?: string;
}

/** Issue 19's goals for a load: ours/ref and ours/floor throughput, and for the growth check the share
 * of the baseline load's throughput to keep. */
export interface Goals {
  ref?: number;
  floor?: number;
  flat?: number;
}

/** Who writes in a load: how many loops, over how many repos, each write to a new key or to one key. */
export interface Shape {
  writers: number;
  repos: number;
  keys: "new" | "one";
}

export interface Workload {
  name: string;
  shape: Shape;
  goals: Goals;
  /** The load whose throughput this one should match (the repo-growth check). */
  flatAgainst?: string;
  prepare(target: Target, settings: WorkloadSettings): Promise<Prepared>;
}

const CONCURRENT_WRITERS = 16;
const REPOS_FOR_SPREAD = 8;

const SEQUENTIAL_CREATES = "sequential creates, one repo";

/** A load on new accounts that is its shape alone: `repos` accounts, `writers` loops spread over them. */
function shaped(name: string, shape: Shape, goals: Goals): Workload {
  return {
    name,
    shape,
    goals,
    prepare: async (target) => {
      const accounts = await Promise.all(Array.from({ length: shape.repos }, () => createAccount(target)));
      const hot = Tid.next(); // a TID: a key every collection's lexicon accepts (--collection)
      if (shape.keys === "one") for (const a of accounts) await putRecord(target, a, hot, note(0));
      const write = (a: Account) =>
        shape.keys === "one" ? updateWrite(target, a, hot) : createWrite(target, a);
      return {
        writers: Array.from({ length: shape.writers }, (_, i) => write(accounts[i % accounts.length]!)),
      };
    },
  };
}

/** Every load in report order. */
export const WORKLOADS: Workload[] = [
  shaped(SEQUENTIAL_CREATES, { writers: 1, repos: 1, keys: "new" }, { floor: 0.6 }),
  shaped("sequential updates of one rkey", { writers: 1, repos: 1, keys: "one" }, { floor: 0.6 }),
  shaped(
    `${CONCURRENT_WRITERS} writers, one repo`,
    { writers: CONCURRENT_WRITERS, repos: 1, keys: "new" },
    { ref: 30, floor: 0.6 },
  ),
  shaped(
    `${CONCURRENT_WRITERS} writers over ${REPOS_FOR_SPREAD} repos`,
    { writers: CONCURRENT_WRITERS, repos: REPOS_FOR_SPREAD, keys: "new" },
    { ref: 30, floor: 0.5 },
  ),
  {
    name: "sequential creates, big repo",
    shape: { writers: 1, repos: 1, keys: "new" },
    goals: { flat: 0.95 },
    flatAgainst: SEQUENTIAL_CREATES,
    prepare: async (target, settings) => {
      const account = await createAccount(target);
      const t0 = performance.now();
      const size = await fillRepo(
        target,
        account,
        settings.bigRecords,
        settings.fillCapSeconds,
        settings.log,
      );
      const fillSeconds = (performance.now() - t0) / 1000;
      settings.log(`  ${target.name}: repo holds ${size} records (filled in ${fillSeconds.toFixed(0)} s)`);
      const reached = size < settings.bigRecords ? ` (fill cap hit; asked ${settings.bigRecords})` : "";
      return { writers: [createWrite(target, account)], note: `at ${size} records${reached}` };
    },
  },
];
