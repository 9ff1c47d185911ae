// Runs one load on every target: prepare and warm up each, then measure them in alternating rounds so slow
// drift on a shared machine hits every target alike, and report each target's median round. While one
// target is driven the others are frozen (SIGSTOP), so a server's background work (checkpoints, timers,
// GC) lands in its own rounds, not in its rival's.
import { parseArgs } from "node:util";
import type { RunningTarget } from "../../peers/target.js";
import { type Budget, type CpuPerWrite, measure, median, medianStats, type Stats } from "./measure.js";
import { cpuUs, machineUs, rssMb } from "./proc.js";
import type { Outcome } from "./report.js";
import type { Prepared, Workload, WorkloadSettings } from "./workloads.js";

/**
 * A round benchmark's command line: `--writes` (default `writes`), `--seconds` (8) and `--rounds` (3),
 * as each round's budget and the number of rounds.
 */
export function roundArgs(writes: number): { budget: Budget; rounds: number } {
  const { values } = parseArgs({
    options: {
      writes: { type: "string", default: String(writes) },
      seconds: { type: "string", default: "8" },
      rounds: { type: "string", default: "3" },
    },
  });
  return {
    budget: { writes: Number(values.writes), seconds: Number(values.seconds) },
    rounds: Number(values.rounds),
  };
}

/** A measured round: its throughput and latencies, and what CPU each of its writes cost. */
export interface Round {
  stats: Stats;
  cpu: CpuPerWrite;
}

/**
 * Measures a round, what CPU the server process `pid` (all its threads, and its main thread alone) and
 * this client spent on each of its writes, and the share of the machine's CPU time left idle meanwhile.
 */
export async function measureWithCpu(
  pid: number | undefined,
  writers: Prepared["writers"],
  budget: Budget,
): Promise<Round> {
  const before = { server: cpuUs(pid), main: cpuUs(pid, true), machine: machineUs() };
  const client = process.cpuUsage();
  const stats = await measure(writers, budget);
  const used = process.cpuUsage(client);
  const after = { server: cpuUs(pid), main: cpuUs(pid, true), machine: machineUs() };
  const perWrite = (from: number | undefined, to: number | undefined) =>
    from === undefined || to === undefined ? undefined : (to - from) / Math.max(1, stats.writes);
  const [m0, m1] = [before.machine, after.machine];
  return {
    stats,
    cpu: {
      serverUs: perWrite(before.server, after.server),
      mainThreadUs: perWrite(before.main, after.main),
      clientUs: perWrite(0, used.user + used.system)!,
      idleShare: m0 && m1 && m1.total > m0.total ? (m1.idle - m0.idle) / (m1.total - m0.total) : undefined,
    },
  };
}

/** The median round of several: each figure's median on its own (CPU figures undefined where any round lacked them). */
export function medianRound(rounds: Round[]): Round {
  const of = (pick: (r: CpuPerWrite) => number | undefined) => {
    const values = rounds.flatMap(({ cpu }) => (pick(cpu) === undefined ? [] : [pick(cpu)!]));
    return values.length === rounds.length ? median(values) : undefined;
  };
  return {
    stats: medianStats(rounds.map((r) => r.stats)),
    cpu: {
      serverUs: of((c) => c.serverUs),
      mainThreadUs: of((c) => c.mainThreadUs),
      clientUs: median(rounds.map((r) => r.cpu.clientUs)),
      idleShare: of((c) => c.idleShare),
    },
  };
}

export interface RunOptions {
  settings: WorkloadSettings;
  warmup: Budget;
  budget: Budget;
  rounds: number;
}

/** Measures `workload` on each target; a target that fails is reported failed and left out of later rounds. */
export async function runLoad(
  workload: Workload,
  targets: RunningTarget[],
  opts: RunOptions,
): Promise<Map<string, Outcome>> {
  const { log } = opts.settings;
  const outcomes = new Map<string, Outcome>();
  const prepared = new Map<string, Prepared>();
  const rounds = new Map<string, Round[]>();
  const fail = (target: RunningTarget, err: unknown) => {
    prepared.delete(target.name);
    outcomes.set(target.name, { failed: err instanceof Error ? err.message : String(err) });
    log(`  ${target.name} failed: ${String(err)}`);
  };

  /** Runs `fn` with every other target frozen. */
  const alone = async <T>(target: RunningTarget, fn: () => Promise<T>): Promise<T> => {
    const others = targets.filter((t) => t !== target);
    for (const t of others) t.freeze?.(true);
    try {
      return await fn();
    } finally {
      for (const t of others) t.freeze?.(false);
    }
  };

  for (const target of targets) {
    log(`${workload.name}: preparing ${target.name}...`);
    try {
      const ready = await alone(target, () => workload.prepare(target, opts.settings));
      await alone(target, () => measure(ready.writers, opts.warmup));
      prepared.set(target.name, ready);
      rounds.set(target.name, []);
    } catch (err) {
      fail(target, err);
    }
  }
  for (let round = 1; round <= opts.rounds; round++) {
    for (const target of targets) {
      const ready = prepared.get(target.name);
      if (!ready) continue;
      try {
        const measured = await alone(target, () => measureWithCpu(target.pid, ready.writers, opts.budget));
        rounds.get(target.name)!.push(measured);
        const { stats } = measured;
        log(
          `  round ${round} ${target.name}: ${stats.perSecond.toFixed(0)} w/s, ` +
            `p50 ${stats.p50Ms.toFixed(1)} ms, ${stats.writes} writes`,
        );
      } catch (err) {
        fail(target, err);
      }
    }
  }
  for (const [name, ready] of prepared) {
    const target = targets.find((t) => t.name === name)!;
    const measured = rounds.get(name)!;
    outcomes.set(name, {
      ...medianRound(measured),
      rssMb: rssMb(target.pid),
      note: ready.note,
    });
  }
  return outcomes;
}
