// Counts a server's file writes and syncs with strace: attached to every thread of a running process for
// one measured window, then parsed. SQLite writes a WAL frame as two pwrite64 calls, the 24-byte frame
// header and the page, so frames are counted exactly, whatever the machine's load.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What one window wrote, summed over every file of a kind. */
export interface IoCounts {
  /** WAL frames appended (one per page written). */
  walFrames: number;
  /** Bytes appended to WAL files (frame headers, pages and WAL headers). */
  walBytes: number;
  /** fsync/fdatasync calls on WAL files that make commits durable. */
  walSyncs: number;
  /** Bytes checkpoints (or a rollback journal) wrote into database files. */
  dbBytes: number;
  /**
   * Syncs checkpoints make: of database files, and of the WAL just before a checkpoint copies it (a
   * WAL sync followed, on the same thread, by a database write before any WAL write).
   */
  checkpointSyncs: number;
  /** Each WAL file's frames (the reference keeps one database per account, one for its event log, ...). */
  framesByFile: Map<string, number>;
}

const SYSCALLS = "pwrite64,pwritev,pwritev2,write,writev,fdatasync,fsync";
// `1234  pwrite64(21</tmp/d/pds.sqlite-wal>, ""..., 24, 4128 <unfinished ...>` or `... = 24`: the call's
// first line names the file and the size asked for, which is what SQLite writes.
const CALL = /^(\d+)\s+(pwrite64|pwritev2?|writev?|fdatasync|fsync)\(\d+<([^>]*)>(?:, [^,]*, (\d+))?/;

/** A strace attached to a process until `stop` returns its counts. */
export interface Trace {
  stop(): Promise<IoCounts>;
}

/** Attaches strace to every thread of `pid`; resolves once it traces. */
export async function traceIo(pid: number): Promise<Trace> {
  const dir = await mkdtemp(join(tmpdir(), "wal-frames-"));
  const out = join(dir, "trace.txt");
  const child = spawn(
    "strace",
    ["-f", "-y", "-s", "0", "-e", `trace=${SYSCALLS}`, "-o", out, "-p", `${pid}`],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  await attached(child);
  return {
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGINT");
      await exited;
      try {
        return parse(await readFile(out, "utf8"));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Resolves once strace reports it is attached to the process's threads. */
function attached(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let stderr = "";
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`strace exited (${code}): ${stderr.trim()}`)));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      if (/attached/.test(stderr)) resolve();
    });
  });
}

function parse(text: string): IoCounts {
  const counts: IoCounts = {
    walFrames: 0,
    walBytes: 0,
    walSyncs: 0,
    dbBytes: 0,
    checkpointSyncs: 0,
    framesByFile: new Map(),
  };
  /** Threads whose last WAL call was a sync: a checkpoint's, if a database write comes next. */
  const synced = new Set<string>();
  for (const line of text.split("\n")) {
    const m = CALL.exec(line);
    if (!m) continue;
    const [, thread, call, path, size] = m as unknown as [string, string, string, string, string | undefined];
    const kind = path.endsWith("-wal") ? "wal" : /\.(sqlite|db)(-journal)?$/.test(path) ? "db" : null;
    if (kind === null) continue;
    const sync = call === "fsync" || call === "fdatasync";
    if (kind === "db") {
      if (sync) counts.checkpointSyncs++;
      else {
        counts.dbBytes += Number(size ?? 0);
        if (synced.delete(thread)) {
          counts.walSyncs--;
          counts.checkpointSyncs++;
        }
      }
    } else if (sync) {
      counts.walSyncs++;
      synced.add(thread);
    } else {
      synced.delete(thread);
      const bytes = Number(size ?? 0);
      counts.walBytes += bytes;
      if (bytes === 24) {
        counts.walFrames++;
        const name = path.replace(/^.*\//, "");
        counts.framesByFile.set(name, (counts.framesByFile.get(name) ?? 0) + 1);
      }
    }
  }
  return counts;
}
