// Runs a server in a child process that announces itself with one JSON line on stdout ({"url": ...}).
// The child gets its own process group, so stopping it also stops anything it started. Its stdin is a pipe
// from us: a child that exits when stdin closes dies with us even if we are killed without stop().
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

const STDERR_KEEP = 16_384;
const STOP_GRACE_MS = 10_000;

export interface ServerProcessOptions {
  /** Used in error messages, e.g. "reference PDS". */
  label: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** How long to wait for the ready line (default 60 s). */
  readyTimeoutMs?: number;
  /** Forward the child's stderr and non-ready stdout lines to this process's stderr. */
  logs?: boolean;
  /** Recognises the ready line, for a server that announces itself otherwise (default: JSON with `url`). */
  parseReady?: (line: string) => ReadyLine | undefined;
}

/** What the child announced: its URL plus whatever else it put in the ready line. */
export type ReadyLine = { url: string } & Record<string, unknown>;

export interface ServerProcess {
  ready: ReadyLine;
  /** The child's process id (a benchmark traces its system calls). */
  pid: number;
  /** SIGTERM to the child's process group, SIGKILL after a grace period; safe to call twice. */
  stop(): Promise<void>;
  /** Freezes (SIGSTOP) or thaws (SIGCONT) the child's process group, e.g. while another server is measured. */
  freeze(frozen: boolean): void;
  /** Writes one JSON line to the child's stdin, for a server that takes commands there. */
  send(message: unknown): void;
}

/** The child exited or stayed silent before announcing its URL. */
export class ServerStartError extends Error {
  constructor(
    label: string,
    reason: string,
    readonly stderr: string,
  ) {
    super(`${label} failed to start: ${reason}${stderr ? `\n--- its stderr ---\n${stderr}` : ""}`);
    this.name = "ServerStartError";
  }
}

/** Spawns the server and resolves once it prints its ready line; on failure the child is stopped. */
export async function startServerProcess(opts: ServerProcessOptions): Promise<ServerProcess> {
  const child = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    detached: true, // its own process group, so one signal reaches everything it started
    stdio: ["pipe", "pipe", "pipe"],
    env: opts.env,
  });
  // Backstop for a caller that exits without stop(): SIGTERM lets the child still clean up after itself.
  const stopOnExit = () => {
    signalGroup(child, "SIGTERM");
    signalGroup(child, "SIGCONT"); // delivers it to a frozen child
  };
  process.once("exit", stopOnExit);

  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP);
    if (opts.logs) process.stderr.write(chunk);
  });

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const freeze = (frozen: boolean) => signalGroup(child, frozen ? "SIGSTOP" : "SIGCONT");
  const stop = async () => {
    process.off("exit", stopOnExit);
    signalGroup(child, "SIGCONT"); // a frozen child cannot act on SIGTERM
    if (child.exitCode !== null || child.signalCode !== null) return;
    signalGroup(child, "SIGTERM");
    const timer = setTimeout(() => signalGroup(child, "SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };

  const send = (message: unknown) => child.stdin?.write(`${JSON.stringify(message)}\n`);
  try {
    return { ready: await waitForReady(child, opts, () => stderr), pid: child.pid!, stop, freeze, send };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Reads stdout until the ready line, then keeps draining it so a full pipe never blocks the child. */
function waitForReady(
  child: ChildProcess,
  opts: ServerProcessOptions,
  stderr: () => string,
): Promise<ReadyLine> {
  const timeoutMs = opts.readyTimeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const fail = (reason: string) => settle(() => reject(new ServerStartError(opts.label, reason, stderr())));
    const timer = setTimeout(() => fail(`no ready line within ${timeoutMs} ms`), timeoutMs);
    child.once("error", (err) => fail(err.message));
    child.once("exit", (code, signal) => fail(`exited early (${signal ?? `code ${code}`})`));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const ready = (opts.parseReady ?? parseReadyLine)(line);
      if (ready) settle(() => resolve(ready));
      else if (opts.logs) process.stderr.write(`${line}\n`);
    });
  });
}

/** Recognises the announcement among any log lines: a JSON object with a string `url`. */
function parseReadyLine(line: string): ReadyLine | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== "object" || value === null) return undefined;
    return typeof (value as { url?: unknown }).url === "string" ? (value as ReadyLine) : undefined;
  } catch {
    return undefined;
  }
}

/** Signals the child's whole process group; a group already gone is not an error. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: nothing left to signal.
  }
}
