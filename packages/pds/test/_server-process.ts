import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("./_server-main.ts", import.meta.url));
const BIN = fileURLToPath(new URL("../src/bin.ts", import.meta.url));
/** How a child runs our TypeScript sources, as the tests themselves do. */
export const TSX_ARGS = ["--conditions=bsky-source", "--import", "tsx"];

/** A PDS in a child process (test/_server-main.ts) on `dataDirectory`. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves when createAccount reached the `pauseAt` step and the process stopped itself. */
  paused: Promise<{ paused: string; did: string }>;
  /** SIGKILL, and wait until the process is gone. */
  kill(): Promise<void>;
}

/** Starts the server process; resolves once it listens (rejects if it exits first). */
export async function startServerProcess(
  dataDirectory: string,
  opts: { pauseAt?: string; prepareThreads?: number } = {},
): Promise<ServerProcess> {
  const args = [...TSX_ARGS, MAIN, dataDirectory, opts.pauseAt ?? ""];
  const env = { ...process.env, PDS_PREPARE_THREADS: opts.prepareThreads?.toString() };
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"], env });
  const exited = once(child, "exit");
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, string>> => {
    const line = await Promise.race([
      lines.next(),
      exited.then(([code]) => Promise.reject(new Error(`server exited early; code=${code}`))),
    ]);
    if (line.done) throw new Error("server closed its output");
    return JSON.parse(line.value) as Record<string, string>;
  };
  const { url } = await next();
  const paused = next() as Promise<{ paused: string; did: string }>;
  paused.catch(() => {}); // only awaited by tests that pause
  return {
    url: url!,
    child,
    paused,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** `npm start`'s entry (src/bin.ts) in a child process, its output collected as it comes. */
export interface BinProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resolves once stdout or stderr matches (rejects if the process exits first). */
  waitFor(pattern: RegExp): Promise<void>;
  /** SIGTERM, as an operator stops it; resolves with the exit code. */
  stop(): Promise<number | null>;
  kill(): Promise<void>;
}

/**
 * Starts src/bin.ts on a free loopback port with `env` added to this process's environment. With
 * `tty`, it runs under `script` (util-linux), so its stdout is a real terminal, as in `npm start`.
 */
export function startBin(env: Record<string, string>, opts: { tty?: boolean } = {}): BinProcess {
  const command = [process.execPath, ...TSX_ARGS, BIN];
  const [file, args] = opts.tty
    ? ["script", ["-qfec", command.map((a) => `'${a}'`).join(" "), "/dev/null"]]
    : [command[0]!, command.slice(1)];
  const child = spawn(file, args, {
    env: { ...process.env, PDS_PORT: "0", PDS_BIND_HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so kill() ends the server under `script` too.
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  const waiters: (() => void)[] = [];
  const collect = (append: (text: string) => void) => (chunk: Buffer) => {
    append(chunk.toString());
    for (const waiter of waiters) waiter();
  };
  child.stdout!.on(
    "data",
    collect((t) => (stdout += t)),
  );
  child.stderr!.on(
    "data",
    collect((t) => (stderr += t)),
  );
  const exited = once(child, "exit").then(() => child.exitCode);
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitFor: (pattern) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(stdout) || pattern.test(stderr)) resolve();
        };
        waiters.push(check);
        check();
        void exited.then(() => reject(new Error(`exited before ${pattern}:\n${stdout}\n${stderr}`)));
      }),
    stop: () => {
      child.kill("SIGTERM");
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
      await exited;
    },
  };
}
