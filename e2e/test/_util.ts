// Shared by the end-to-end tests: servers started the way users start them, and the facts the
// reference's verifiers need (the account's signing key from its DID document).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ConfigInput } from "@putrecord/pds";
import type { DevAccount } from "@putrecord/pds/dev-account.js";
import { atprotoSigningKey, type DidDocument } from "../../packages/pds/src/identity/did-document.js";
import { startTestPds, type TestPds } from "../../packages/pds/test/_util.js";
import { isReferencePdsInstalled } from "../../peers/launch.js";
import { referenceAppViewUnavailableReason } from "../../peers/launch-appview.js";
import { startServerProcess } from "../../peers/server-process.js";
import { type RunningTarget, type Target, XrpcError, xrpc } from "../../peers/target.js";

// From a path, not `new URL(…)`: a happy-dom test replaces the global URL class.
/** The repository root: examples, packages and peers are found from here. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Node flags that run a TypeScript entry point from source, as the tests and benches do. */
export const TS_NODE_FLAGS = ["--conditions=bsky-source", "--import", "tsx"];

/** How long a test file's beforeAll may take to start a server: tsx compiles it first, slow on a busy machine. */
export const START_TIMEOUT_MS = 180_000;

/** A PDS run through `npm start`'s code path (packages/pds/src/bin.ts) in a child process. */
export interface NpmStartPds extends Target {
  /** The dev account the first run created, read back from the data directory. */
  dev: DevAccount;
  dataDirectory: string;
  /** Stops the process (SIGTERM, as Ctrl-C would) and deletes its data directory. */
  stop(): Promise<void>;
}

/** A DID document has no `#atproto` verification method, so its repo cannot be verified. */
export class SigningKeyMissingError extends Error {
  constructor(readonly did: string) {
    super(`no #atproto verification method in the DID document; did=${did}`);
    this.name = "SigningKeyMissingError";
  }
}

// Matches the first line of the dev-mode banner (packages/pds/src/dev-account.ts devBanner).
const BANNER = /^PDS running at (http:\/\/localhost:\d+) \(development mode/;

/**
 * Starts the PDS as `npm start` does, minus the build: the same bin with its banner and dev account,
 * on a free port bound to 127.0.0.1 with a fresh data directory.
 */
export async function startNpmStartPds(): Promise<NpmStartPds> {
  const dataDirectory = mkdtempSync(join(tmpdir(), "e2e-npm-start-"));
  try {
    const { ready, stop } = await startServerProcess({
      label: "our PDS (npm start)",
      readyTimeoutMs: START_TIMEOUT_MS - 10_000,
      command: process.execPath,
      args: [...TS_NODE_FLAGS, "packages/pds/src/bin.ts"],
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PDS_PORT: "0",
        PDS_BIND_HOST: "127.0.0.1",
        PDS_DATA_DIRECTORY: dataDirectory,
        LOG_LEVEL: "warn",
      },
      parseReady: (line) => {
        const url = BANNER.exec(line)?.[1];
        // The banner names localhost; the server listens on 127.0.0.1 only, so call that.
        return url === undefined ? undefined : { url: url.replace("localhost", "127.0.0.1") };
      },
    });
    const dev = JSON.parse(readFileSync(join(dataDirectory, "dev-account.json"), "utf8")) as DevAccount;
    return {
      name: "ours (npm start)",
      url: ready.url,
      dev,
      dataDirectory,
      stop: async () => {
        await stop();
        rmSync(dataDirectory, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dataDirectory, { recursive: true, force: true });
    throw err;
  }
}

/** Our PDS in this process on 127.0.0.1 with a fresh data directory: for tests that reach into its context. */
export async function startOurPds(overrides: Partial<ConfigInput> = {}): Promise<TestPds & RunningTarget> {
  const pds = await startTestPds(overrides);
  return { ...pds, name: "ours", stop: pds.close };
}

/** Why the reference PDS, the PLC and the reference AppView cannot run here, for `describe.skipIf`; undefined when they can. */
export function referencePeersUnavailableReason(): string | undefined {
  return isReferencePdsInstalled()
    ? referenceAppViewUnavailableReason()
    : "the reference PDS peer is not installed: run bash scripts/setup-peers.sh";
}

/** A port free on 127.0.0.1 now, for a server whose URL must be known before it starts (DID documents name it). */
export async function freeLoopbackPort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => probe.once("listening", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Logs in with a password and returns the session's access token. */
export async function accessToken(target: Target, identifier: string, password: string): Promise<string> {
  const session = await xrpc<{ accessJwt: string }>(target, "com.atproto.server.createSession", {
    body: { identifier, password },
  });
  return session.accessJwt;
}

/** The latest commit of a repo, as sync.getLatestCommit reports it. */
export function latestCommit(target: Target, did: string): Promise<{ cid: string; rev: string }> {
  return xrpc(target, "com.atproto.sync.getLatestCommit", { params: { did } });
}

/** The repo signing key (`did:key:…`) named by the account's DID document, as describeRepo serves it. */
export async function signingKeyOf(target: Target, did: string): Promise<string> {
  const { didDoc } = await xrpc<{ didDoc: DidDocument }>(target, "com.atproto.repo.describeRepo", {
    params: { repo: did },
  });
  // Multikey (ours) or the PLC directory's older EcdsaSecp256k1VerificationKey2019 (the reference's).
  const key = atprotoSigningKey(didDoc);
  if (key === null) throw new SigningKeyMissingError(did);
  return key;
}

/** Fetches the bytes of a sync query (CARs). */
export async function syncBytes(
  target: Target,
  nsid: string,
  params: Record<string, string>,
): Promise<Uint8Array> {
  const res = await fetch(`${target.url}/xrpc/${nsid}?${new URLSearchParams(params)}`);
  if (res.status !== 200) throw new XrpcError(nsid, res.status, undefined, await res.text());
  return new Uint8Array(await res.arrayBuffer());
}
