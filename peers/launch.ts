// Starts the reference PDS peer (peers/ref-pds/start.mjs) from Node 20 code: tests and benchmarks.
// The peer runs under its own Node 22 binary (the reference needs Node >= 22); ours stays on Node 20.
import { isPeerInstalled, NODE22, peerDir, peerEnv } from "./node22.js";
import { startServerProcess } from "./server-process.js";

export interface ReferencePdsOptions {
  /** Port for the PDS on 127.0.0.1; a free one by default. */
  port?: number;
  /** Keep the reference's own rate limits on (off by default, as a benchmark needs). */
  rateLimits?: boolean;
  /** Forward the reference's logs to this process's stderr. */
  logs?: boolean;
  /** Secret the peer signs session tokens with (default: random), for tests that mint an expired token. */
  jwtSecret?: string;
  /** A PLC directory to register DIDs with, e.g. startPlc()'s (default: an in-memory one in the peer). */
  plcUrl?: string;
  /** An AppView to proxy app.bsky calls to, e.g. startReferenceAppView()'s (default: none). */
  appView?: { url: string; did: string };
  /** How long to wait for the peer to serve (default 60 s). */
  readyTimeoutMs?: number;
}

export interface ReferencePds {
  /** Base URL of the PDS, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Base URL of the PLC directory it registers DIDs with (its own in-memory one unless given). */
  plcUrl: string;
  /** The peer's process id. */
  pid: number;
  /** Its data directory (account.sqlite holds the codes it would have emailed); deleted on stop. */
  dataDir: string;
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
  return isPeerInstalled("ref-pds");
}

/** Starts the reference PDS and its PLC on loopback with a fresh data directory; resolves once it serves. */
export async function startReferencePds(opts: ReferencePdsOptions = {}): Promise<ReferencePds> {
  if (!isReferencePdsInstalled()) throw new ReferencePdsNotInstalledError();
  const { ready, pid, stop, freeze } = await startServerProcess({
    label: "reference PDS",
    command: NODE22,
    args: ["start.mjs"],
    cwd: peerDir("ref-pds"),
    env: refPdsEnv(opts),
    readyTimeoutMs: opts.readyTimeoutMs,
    logs: opts.logs,
  });
  const dataDir = String(ready.dataDir);
  return { url: ready.url, plcUrl: String(ready.plcUrl), dataDir, pid, stop, freeze };
}

/** The peer's own settings (see the header of peers/ref-pds/start.mjs). */
function refPdsEnv(opts: ReferencePdsOptions): NodeJS.ProcessEnv {
  return peerEnv(opts.logs, {
    REF_PDS_STDIN_LEASH: "true",
    REF_PDS_RATE_LIMITS: opts.rateLimits ? "true" : "false",
    REF_PDS_PORT: opts.port?.toString(),
    REF_PDS_JWT_SECRET: opts.jwtSecret,
    REF_PDS_PLC_URL: opts.plcUrl,
    REF_PDS_APP_VIEW_URL: opts.appView?.url,
    REF_PDS_APP_VIEW_DID: opts.appView?.did,
  });
}
