// The five loads of the putRecord benchmark (issue 4, point 11). Each prepares its own fresh accounts on a
// target and hands back the write loops to measure; the same definitions run against every target.
import { Tid } from "@putrecord/repo";
import { createAccount, type Target } from "../../peers/target.js";
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

export interface Workload {
  name: string;
  goals: Goals;
  /** The load whose throughput this one should match (the repo-growth check). */
  flatAgainst?: string;
  prepare(target: Target, settings: WorkloadSettings): Promise<Prepared>;
}

const CONCURRENT_WRITERS = 16;
const REPOS_FOR_SPREAD = 8;

const SEQUENTIAL_CREATES = "sequential creates, one repo";

/** Every load in report order. */
export const WORKLOADS: Workload[] = [
  {
    name: SEQUENTIAL_CREATES,
    goals: { floor: 0.6 },
    prepare: async (target) => {
      const account = await createAccount(target);
      return { writers: [createWrite(target, account)] };
    },
  },
  {
    name: "sequential updates of one rkey",
    goals: { floor: 0.6 },
    prepare: async (target) => {
      const account = await createAccount(target);
      const hot = Tid.next(); // a TID: a key every collection's lexicon accepts (--collection)
      await putRecord(target, account, hot, note(0));
      return { writers: [updateWrite(target, account, hot)] };
    },
  },
  {
    name: `${CONCURRENT_WRITERS} writers, one repo`,
    goals: { ref: 30, floor: 0.6 },
    prepare: async (target) => {
      const account = await createAccount(target);
      return { writers: Array.from({ length: CONCURRENT_WRITERS }, () => createWrite(target, account)) };
    },
  },
  {
    name: `${CONCURRENT_WRITERS} writers over ${REPOS_FOR_SPREAD} repos`,
    goals: { ref: 30, floor: 0.5 },
    prepare: async (target) => {
      const accounts = await Promise.all(
        Array.from({ length: REPOS_FOR_SPREAD }, () => createAccount(target)),
      );
      return {
        writers: Array.from({ length: CONCURRENT_WRITERS }, (_, i) =>
          createWrite(target, accounts[i % REPOS_FOR_SPREAD]!),
        ),
      };
    },
  },
  {
    name: "sequential creates, big repo",
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
