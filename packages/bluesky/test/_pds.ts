// The PDS of this repository on 127.0.0.1, for the tests that need a real server: sessions, identity,
// uploads and the firehose. Imported by path: the PDS is a private workspace package.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ServerProcess, startServerProcess } from "../../../peers/server-process.js";
import { SCOPE_ACCESS } from "../../pds/src/auth/scopes.js";
import { type ConfigInput, type RunningPds, startPds } from "../../pds/src/index.js";

const HERE = dirname(fileURLToPath(import.meta.url));

/** A running PDS and the data directory it owns. */
export type LocalPds = RunningPds & { dataDirectory: string };

/** Starts a PDS with a fresh data directory (or `dataDirectory`, to restart one); `close` keeps the data. */
export async function startLocalPds(overrides: Partial<ConfigInput> = {}): Promise<LocalPds> {
  const dataDirectory = overrides.dataDirectory ?? mkdtempSync(join(tmpdir(), "bluesky-pds-"));
  const pds = await startPds(
    {
      port: 0,
      hostname: "localhost",
      bindHost: "127.0.0.1",
      loginDelayMs: 0,
      inviteRequired: false,
      ...overrides,
      dataDirectory,
    },
    { logLevel: process.env.E2E_LOG ?? "silent" },
  );
  return { ...pds, dataDirectory };
}

/** Stops the PDS and removes its data. */
export async function stopLocalPds(pds: LocalPds | undefined): Promise<void> {
  if (!pds) return;
  await pds.close();
  rmSync(pds.dataDirectory, { recursive: true, force: true });
}

/** A loopback port free right now (for a server whose public URL must name its port before it listens). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** An account made through createAccount: `<name>.test`, password `<name>-pass`. */
export async function createAccount(
  url: string,
  name: string,
): Promise<{ did: string; handle: string; password: string; accessJwt: string; refreshJwt: string }> {
  const password = `${name}-pass`;
  const res = await fetch(`${url}/xrpc/com.atproto.server.createAccount`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ handle: `${name}.test`, email: `${name}@example.com`, password }),
  });
  if (res.status !== 200) throw new Error(`createAccount ${name}: ${res.status} ${await res.text()}`);
  return {
    ...((await res.json()) as { did: string; handle: string; accessJwt: string; refreshJwt: string }),
    password,
  };
}

/** An access token for `did` that expired a second ago, signed by the PDS: the refresh path without waiting. */
export function expiredAccessToken(pds: RunningPds, did: string): string {
  return pds.ctx.tokens.createAccess(did, SCOPE_ACCESS, -1);
}

/** Starts `_pds-process.ts` on `port` over `dataDirectory`; `stop()` kills it (SIGTERM, then SIGKILL). */
export function startPdsProcess(dataDirectory: string, port: number): Promise<ServerProcess> {
  return startServerProcess({
    label: "PDS process",
    command: process.execPath,
    args: [
      "--conditions=bsky-source",
      "--import",
      "tsx",
      join(HERE, "_pds-process.ts"),
      dataDirectory,
      String(port),
    ],
    cwd: join(HERE, ".."),
    env: { PATH: process.env.PATH },
  });
}
