import { execFile } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const DEBIAN_PG = "/usr/lib/postgresql";
const RUNUSER = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"];

/** A PostgreSQL cluster on a directory of its own, serving on a Unix socket inside it only (no TCP). */
export interface LocalPostgres {
  url: string;
  dir: string;
  /** pg_ctl stop -m fast: clients see their connections end, as in a real restart. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * Creates (initdb, first time only) and starts a cluster in `dir` from Debian's postgresql package.
 * initdb refuses root, so as root it runs as the `postgres` user (runuser), which then owns `dir`.
 * Durable settings (fsync on): this is a developer's deployment, not a throwaway.
 */
export async function startLocalPostgres(dir: string): Promise<LocalPostgres> {
  dir = resolve(dir);
  const bin = postgresBin();
  const asOwner = ownerPrefix(dir);
  const data = join(dir, "data");
  const pgCtl = (...args: string[]) => exec(dir, [...asOwner, join(bin, "pg_ctl"), "-D", data, ...args]);
  if (!existsSync(join(data, "PG_VERSION"))) {
    await exec(dir, [
      ...asOwner,
      join(bin, "initdb"),
      "-D",
      data,
      "-U",
      "postgres",
      "-A",
      "trust",
      "-E",
      "UTF8",
      "--locale=C",
    ]);
  }
  const options = `-c listen_addresses= -c unix_socket_directories=${dir}`;
  const start = () => pgCtl("-l", join(dir, "postgres.log"), "-w", "-t", "30", "-o", options, "start");
  await start();
  return {
    url: `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`,
    dir,
    start,
    stop: () => pgCtl("-m", "fast", "-w", "stop"),
  };
}

/** Why PostgreSQL cannot run here (for a test's skip reason), or undefined. */
export function postgresUnavailableReason(): string | undefined {
  try {
    postgresBin();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function postgresBin(): string {
  const version = existsSync(DEBIAN_PG)
    ? readdirSync(DEBIAN_PG)
        .filter((v) => existsSync(join(DEBIAN_PG, v, "bin/initdb")))
        .sort((a, b) => Number(b) - Number(a))[0]
    : undefined;
  if (version === undefined)
    throw new Error("PostgreSQL is not installed (bash scripts/setup.sh installs Debian's postgresql)");
  return join(DEBIAN_PG, version, "bin");
}

/** As root: the directory goes to `postgres`, each folder above it gets o+x, and commands run as it. */
function ownerPrefix(dir: string): string[] {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.getuid?.() !== 0) return [];
  const runuser = RUNUSER.find((path) => existsSync(path));
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (runuser === undefined || line === undefined)
    throw new Error("running as root without runuser or a postgres user");
  const [, , uid, gid] = line.split(":");
  chownSync(dir, Number(uid), Number(gid));
  // postgres must pass through every folder above its own (traverse only: nothing becomes listable).
  for (let up = dirname(dir); up !== dirname(up); up = dirname(up)) {
    const mode = statSync(up).mode & 0o7777;
    if ((mode & 0o001) === 0) chmodSync(up, mode | 0o001);
  }
  return [runuser, "-u", "postgres", "--"];
}

async function exec(cwd: string, [command, ...args]: string[]): Promise<void> {
  try {
    await run(command!, args, { cwd });
  } catch (err) {
    const { stderr } = err as { stderr?: string };
    throw new Error(
      `${command} ${args.join(" ").slice(0, 80)} failed: ${stderr?.trim() || (err as Error).message}`,
    );
  }
}
