// Runs one load on every target: prepare and warm up each, then measure them in alternating rounds so slow
// drift on a shared machine hits every target alike, and report each target's median round. While one
// target is driven the others are frozen (SIGSTOP), so a server's background work (checkpoints, timers,
// GC) lands in its own rounds, not in its rival's.
import { readFileSync } from "node:fs";
import type { RunningTarget } from "../../peers/target.js";
import { type Budget, type CpuPerWrite, measure, median, medianStats, type Stats } from "./measure.js";
import type { Outcome } from "./report.js";
import type { Prepared, Workload, WorkloadSettings } from "./workloads.js";

/** A process's resident memory in MB, from /proc (Linux); undefined where that cannot be read. */
function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/**
 * CPU time a process has used, in µs (all its threads: user + system, from /proc, Linux; 10 ms ticks),
 * or undefined where that cannot be read.
 */
function cpuUs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name, which is in parentheses and may hold spaces: utime is the 12th, stime the 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

/** Measures a round and what CPU the server and this client spent on each of its writes. */
async function measureWithCpu(
  target: RunningTarget,
  writers: Prepared["writers"],
  budget: Budget,
): Promise<{ stats: Stats; cpu: CpuPerWrite }> {
  const server = cpuUs(target.pid);
  const client = process.cpuUsage();
  const stats = await measure(writers, budget);
  const used = process.cpuUsage(client);
  const serverAfter = cpuUs(target.pid);
  const perWrite = (us: number) => us / Math.max(1, stats.writes);
  return {
    stats,
    cpu: {
      serverUs:
        server === undefined || serverAfter === undefined ? undefined : perWrite(serverAfter - server),
      clientUs: perWrite(used.user + used.system),
    },
  };
}

/** The median of each CPU figure over rounds. */
function medianCpu(rounds: CpuPerWrite[]): CpuPerWrite {
  const server = rounds.flatMap((r) => (r.serverUs === undefined ? [] : [r.serverUs]));
  return {
    serverUs: server.length === rounds.length ? median(server) : undefined,
    clientUs: median(rounds.map((r) => r.clientUs)),
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
  const rounds = new Map<string, { stats: Stats; cpu: CpuPerWrite }[]>();
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
        const measured = await alone(target, () => measureWithCpu(target, ready.writers, opts.budget));
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
      stats: medianStats(measured.map((m) => m.stats)),
      cpu: medianCpu(measured.map((m) => m.cpu)),
      rssMb: rssMb(target.pid),
      note: ready.note,
    });
  }
  return outcomes;
}
