// What Linux's /proc says about a server process and the machine: resident memory, CPU time of the whole
// process or of its main thread, and the machine's busy and idle time. Each reader returns undefined where
// /proc cannot be read (another OS, a process already gone), and the report prints "-".
import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on every Linux build Node ships for). */
const TICK_US = 10_000;

/** A process's resident memory in MB. */
export function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  const kb = attempt(() => /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  return kb === undefined ? undefined : Number(kb) / 1024;
}

/**
 * CPU time used, in µs (user + system): by every thread of the process, or with `mainThread` by the
 * thread that runs its event loop (its thread id is the process id).
 */
export function cpuUs(pid: number | undefined, mainThread = false): number | undefined {
  if (pid === undefined) return undefined;
  const path = mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`;
  return attempt(() => {
    // Fields after the command name, which is in parentheses and may hold spaces: utime is the 12th, stime the 13th.
    const fields = readFileSync(path, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_US;
  });
}

/** The machine's CPU time so far, all cores: idle (idle + iowait) and in total, in µs. */
export function machineUs(): { idle: number; total: number } | undefined {
  return attempt(() => {
    // user nice system idle iowait irq softirq steal
    const ticks = readFileSync("/proc/stat", "utf8").split("\n")[0]!.split(/\s+/).slice(1, 9).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    return { idle: (ticks[3]! + ticks[4]!) * TICK_US, total: total * TICK_US };
  });
}

function attempt<T>(fn: () => T | undefined): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
