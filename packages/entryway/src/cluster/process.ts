import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, openSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Running from TypeScript sources (tests, the benchmark) or from the build (`npm run cluster`). */
const FROM_SOURCE = import.meta.url.endsWith(".ts");
const EXT = FROM_SOURCE ? "ts" : "js";
const ROOT = FROM_SOURCE ? "src" : "dist";
const NODE_ARGS = FROM_SOURCE ? ["--conditions=bsky-source", "--import", "tsx"] : [];

/** The entry files of a cell (the PDS's bin) and of the entryway. */
export const BINS = {
  pds: fileURLToPath(new URL(`../../../pds/${ROOT}/bin.${EXT}`, import.meta.url)),
  entryway: fileURLToPath(new URL(`../bin.${EXT}`, import.meta.url)),
};

/** How long a server may take to shut down cleanly before it is killed. */
export const STOP_GRACE_MS = 10_000;

/** A node server in a child process, its output appended to a log file, restartable on the same settings. */
export class NodeServer {
  child: ChildProcess | undefined;
  #exited: Promise<unknown> = Promise.resolve();

  constructor(
    readonly name: string,
    readonly url: string,
    readonly bin: string,
    readonly env: Record<string, string>,
    readonly log: string,
    /** A command prefix, e.g. `taskset -c 0` to pin it to a core. */
    readonly prefix: string[] = [],
  ) {}

  /** Starts it and waits until `/xrpc/_health` answers 200. */
  async start(timeoutMs = 60_000): Promise<void> {
    const fd = openSync(this.log, "a");
    const [command, ...args] = [...this.prefix, process.execPath, ...NODE_ARGS, this.bin];
    const child = spawn(command!, args, { env: { ...process.env, ...this.env }, stdio: ["ignore", fd, fd] });
    closeSync(fd);
    this.child = child;
    this.#exited = once(child, "exit");
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`${this.name} exited (code ${child.exitCode}); see ${this.log}`);
      const ok = await fetch(`${this.url}/xrpc/_health`, { signal: AbortSignal.timeout(2000) }).then(
        (res) => res.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.name} did not answer on ${this.url} within ${timeoutMs} ms; see ${this.log}`);
  }

  /** The process id while it runs. */
  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  /** SIGKILL (a crash, nothing flushed) and wait until it is gone. */
  async kill(): Promise<void> {
    await this.#signal("SIGKILL");
  }

  /** SIGTERM (a clean shutdown) and wait until it is gone; SIGKILL after STOP_GRACE_MS. */
  async stop(): Promise<void> {
    const late = setTimeout(() => this.child?.kill("SIGKILL"), STOP_GRACE_MS);
    await this.#signal("SIGTERM");
    clearTimeout(late);
  }

  async #signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
    await this.#exited;
  }
}
