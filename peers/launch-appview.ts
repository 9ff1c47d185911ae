// Starts the reference AppView peer (peers/ref-appview: @atproto/bsky over a private PostgreSQL) and the
// in-memory PLC directory, from Node 20 code, on loopback only. See peers/README.md for what each one costs.
import { isPeerInstalled, NODE22, peerDir, peerEnv } from "./node22.js";
import { type Postgres, postgresUnavailableReason, startPostgres } from "./postgres.js";
import { startServerProcess } from "./server-process.js";

export interface PlcOptions {
  /** Port on 127.0.0.1 (the URL names localhost); a free one by default. */
  port?: number;
  /** Forward its logs to this process's stderr. */
  logs?: boolean;
  /** How long to wait for it to serve (default 60 s). */
  readyTimeoutMs?: number;
}

/** An in-memory PLC directory: its DIDs are gone once it stops. */
export interface RunningPlc {
  /** e.g. http://localhost:41234, for PDS_DID_PLC_URL (the reference's resolvers refuse an IP-literal host). */
  url: string;
  stop(): Promise<void>;
}

export interface ReferenceAppViewOptions {
  /** PDSes (http or ws base URLs) whose firehoses it indexes, each from cursor 0; more can follow() later. */
  repoProviders?: string[];
  /** The PLC directory it resolves DIDs with and registers its own DID in (default: an in-memory one of its own). */
  plcUrl?: string;
  /** Port for its API on 127.0.0.1; a free one by default. */
  port?: number;
  /** Forward its logs to this process's stderr. */
  logs?: boolean;
  /** How long to wait for it to serve (default 60 s). */
  readyTimeoutMs?: number;
}

export interface ReferenceAppView {
  /** Base URL of its XRPC API, e.g. http://127.0.0.1:41234 (its DID document names http://localhost:<port>). */
  url: string;
  /** Its did:plc, with `#bsky_appview` and `#bsky_notif` services: PDS_BSKY_APP_VIEW_DID, or an atproto-proxy target. */
  did: string;
  plcUrl: string;
  /**
   * Indexes one more PDS's firehose from cursor 0. Handles are resolved by asking every followed PDS for
   * `/.well-known/atproto-did` with the handle as Host; nothing is asked of DNS or the network.
   */
  follow(pdsUrl: string): void;
  /** Stops the AppView, then deletes its database; safe to call twice. */
  stop(): Promise<void>;
}

/** The AppView cannot run here; the message says why and what would fix it. */
export class ReferenceAppViewUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "ReferenceAppViewUnavailableError";
  }
}

/** Why startReferenceAppView() cannot run here (peer not installed, no PostgreSQL), or undefined if it can. */
export function referenceAppViewUnavailableReason(): string | undefined {
  if (!isPeerInstalled("ref-pds") || !isPeerInstalled("ref-appview")) {
    return "the reference AppView peer is not installed (or is stale): run bash scripts/setup-peers.sh";
  }
  return postgresUnavailableReason();
}

/** Starts a PLC directory alone, so a PDS can be given its URL before any AppView exists. */
export async function startPlc(opts: PlcOptions = {}): Promise<RunningPlc> {
  if (!isPeerInstalled("ref-appview")) {
    throw new ReferenceAppViewUnavailableError(referenceAppViewUnavailableReason()!);
  }
  const { ready, stop } = await startServerProcess({
    label: "PLC directory",
    command: NODE22,
    args: ["plc.mjs"],
    cwd: peerDir("ref-appview"),
    env: peerEnv(opts.logs, { PLC_STDIN_LEASH: "true", PLC_PORT: opts.port?.toString() }),
    readyTimeoutMs: opts.readyTimeoutMs,
    logs: opts.logs,
  });
  return { url: ready.url, stop };
}

/** Starts PostgreSQL and the AppView indexing the given PDSes; resolves once its API serves. */
export async function startReferenceAppView(opts: ReferenceAppViewOptions = {}): Promise<ReferenceAppView> {
  const reason = referenceAppViewUnavailableReason();
  if (reason !== undefined) throw new ReferenceAppViewUnavailableError(reason);
  const postgres = await startPostgres();
  try {
    const { ready, stop, send } = await startServerProcess({
      label: "reference AppView",
      command: NODE22,
      args: ["start.mjs"],
      cwd: peerDir("ref-appview"),
      env: appViewEnv(opts, postgres),
      readyTimeoutMs: opts.readyTimeoutMs,
      logs: opts.logs,
    });
    return {
      url: ready.url,
      did: String(ready.did),
      plcUrl: String(ready.plcUrl),
      follow: (pdsUrl) => send({ follow: new URL(pdsUrl).origin }),
      stop: async () => {
        await stop();
        await postgres.stop();
      },
    };
  } catch (err) {
    await postgres.stop();
    throw err;
  }
}

/** The peer's own settings (see the header of peers/ref-appview/start.mjs). */
function appViewEnv(opts: ReferenceAppViewOptions, postgres: Postgres): NodeJS.ProcessEnv {
  return peerEnv(opts.logs, {
    APPVIEW_STDIN_LEASH: "true",
    APPVIEW_DB_URL: postgres.url,
    APPVIEW_PLC_URL: opts.plcUrl,
    APPVIEW_PORT: opts.port?.toString(),
    APPVIEW_REPO_PROVIDERS: opts.repoProviders?.map((url) => new URL(url).origin).join(","),
  });
}
