// A private PostgreSQL cluster for one test run, from Debian's `postgresql` package: a fresh data directory
// under the system temp dir, trust auth, no TCP listener at all (only a Unix socket in that directory, so no
// port can clash), tuned for throwaway data; stop() deletes it. initdb refuses to run as root, so as root
// both initdb and pg_ctl run as the `postgres` user through runuser; as anyone else they run as that user.
import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const DEBIAN_PG = "/usr/lib/postgresql";
const RUNUSER = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"];
const START_TIMEOUT_S = 30;
const INITDB_OPTIONS = ["-E", "UTF8", "--locale=C", "--no-sync"];
// Durability is pointless for a cluster deleted after the run; these make writes cheap.
const SERVER_OPTIONS = "-c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off";

export interface Postgres {
  /** Connection URL for the `postgres` superuser and database, over the cluster's private socket. */
  url: string;
  /** Stops the server (immediate mode: the data is thrown away) and deletes its directory; safe to call twice. */
  stop(): Promise<void>;
}

/** PostgreSQL cannot be started here; the message says why and what would fix it. */
export class PostgresUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "PostgresUnavailableError";
  }
}

interface Setup {
  bin: string;
  /** Command prefix that runs a program as the cluster's owner ([] when that is this process's user). */
  asOwner: string[];
  /** uid and gid to give the cluster directory, when this process is root. */
  owner?: { uid: number; gid: number };
}

/** Why startPostgres() would fail here, or undefined when it can run. */
export function postgresUnavailableReason(): string | undefined {
  const setup = findSetup();
  return typeof setup === "string" ? setup : undefined;
}

/** Creates and starts a fresh cluster; resolves once it accepts connections. */
export async function startPostgres(): Promise<Postgres> {
  const setup = findSetup();
  if (typeof setup === "string") throw new PostgresUnavailableError(setup);
  const dir = mkdtempSync(join(tmpdir(), "pg-"));
  if (setup.owner) chownSync(dir, setup.owner.uid, setup.owner.gid);
  const data = join(dir, "data");
  const log = join(dir, "postgres.log");
  const pgCtl = (...args: string[]) => [...setup.asOwner, join(setup.bin, "pg_ctl"), "-D", data, ...args];

  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", stopSync);
    const [command, ...args] = pgCtl("-m", "immediate", "-w", "stop");
    try {
      execFileSync(command!, args, { cwd: dir, stdio: "ignore" });
    } catch {
      // Not running (a failed start): nothing to stop.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Backstop for a caller that exits without stop(): the server would outlive it.
  process.once("exit", stopSync);

  try {
    const initdb = join(setup.bin, "initdb");
    await exec(dir, [
      ...setup.asOwner,
      initdb,
      "-D",
      data,
      "-U",
      "postgres",
      "-A",
      "trust",
      ...INITDB_OPTIONS,
    ]);
    const socketOption = `-c unix_socket_directories=${dir} ${SERVER_OPTIONS}`;
    await exec(dir, pgCtl("-l", log, "-w", "-t", String(START_TIMEOUT_S), "-o", socketOption, "start"));
  } catch (err) {
    const logText = existsSync(log) ? readFileSync(log, "utf8").slice(-4_000) : "";
    stopSync();
    throw new Error(`PostgreSQL failed to start: ${(err as Error).message}\n${logText}`);
  }
  return {
    url: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`,
    stop: async () => stopSync(),
  };
}

/** Runs one command in `cwd` (the owner may not be allowed into ours); throws with its stderr. */
async function exec(cwd: string, [command, ...args]: string[]): Promise<void> {
  try {
    await run(command!, args, { cwd });
  } catch (err) {
    const { stderr } = err as { stderr?: string };
    throw new Error(`${command} ${args[0] ?? ""} failed: ${stderr?.trim() || (err as Error).message}`);
  }
}

/** The newest Debian PostgreSQL and how to run it as a non-root user, or why that is not possible. */
function findSetup(): Setup | string {
  const version = existsSync(DEBIAN_PG)
    ? readdirSync(DEBIAN_PG)
        .filter((v) => existsSync(join(DEBIAN_PG, v, "bin/initdb")))
        .sort((a, b) => Number(b) - Number(a))[0]
    : undefined;
  if (version === undefined) {
    return "PostgreSQL is not installed (Debian's postgresql package; bash scripts/setup-peers.sh installs it)";
  }
  const bin = join(DEBIAN_PG, version, "bin");
  if (process.getuid?.() !== 0) return { bin, asOwner: [] };
  const runuser = RUNUSER.find((path) => existsSync(path));
  if (runuser === undefined)
    return "running as root, and runuser (util-linux) is missing to run initdb as postgres";
  const owner = passwdEntry("postgres");
  if (owner === undefined) return "running as root, and there is no postgres user to run initdb as";
  return { bin, asOwner: [runuser, "-u", "postgres", "--"], owner };
}

/** uid and gid of a user from /etc/passwd. */
function passwdEntry(user: string): { uid: number; gid: number } | undefined {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${user}:`));
  if (line === undefined) return undefined;
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}
