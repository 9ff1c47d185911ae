// Runs the reference AppView (@atproto/bsky: its API server, its data plane and its firehose indexer) on
// loopback, over a PostgreSQL database given by the launcher (peers/launch-appview.ts).
// Run by the Node 22 binary of peers/ref-pds (the reference needs Node >= 22).
//
// Input (environment):
//   APPVIEW_DB_URL          PostgreSQL URL (required); the AppView migrates schema "bsky" in it
//   APPVIEW_PLC_URL         the PLC directory DIDs are resolved and registered with (default: an in-memory one
//                           started here)
//   APPVIEW_PORT            port for the API (default: a free one)
//   APPVIEW_REPO_PROVIDERS  comma-separated PDS URLs (http or ws) whose firehoses are indexed from cursor 0
//   APPVIEW_STDIN_LEASH     "true": stop when stdin closes
// Stdin, one JSON object a line: {"follow": "<PDS URL>"} indexes one more PDS, as APPVIEW_REPO_PROVIDERS does.
// Output: once serving, one JSON line on stdout: {"url", "did", "plcUrl"}. Stops cleanly on SIGTERM or SIGINT.
import { createInterface } from "node:readline";
import {
  announce,
  closeServer,
  freePort,
  HOST,
  listenLoopback,
  onShutdown,
  quietLogs,
  relistenLoopback,
} from "../loopback.mjs";
import { LocalHandles } from "./local-handles.mjs";

quietLogs();
const { startPlc } = await import("./plc.mjs");
const bsky = await import("@atproto/bsky");
const { Secp256k1Keypair } = await import("@atproto/crypto");
const { Client: PlcClient } = await import("@did-plc/lib");

if (!process.env.APPVIEW_DB_URL) throw new Error("APPVIEW_DB_URL is required");
const plc = process.env.APPVIEW_PLC_URL ? undefined : await startPlc();
const plcUrl = process.env.APPVIEW_PLC_URL || plc.url;
const port = Number(process.env.APPVIEW_PORT) || (await freePort());
// The DID documents name localhost (the reference's resolvers refuse IP-literal hosts); we listen on 127.0.0.1.
const publicUrl = `http://localhost:${port}`;

/** Registers the AppView's did:plc with `bsky_appview` and `bsky_notif` services, as dev-env does. */
async function createServiceDid(signingKey) {
  const client = new PlcClient(plcUrl);
  const did = await client.createDid({
    signingKey: signingKey.did(),
    rotationKeys: [signingKey.did()],
    handle: "appview.test",
    pds: publicUrl,
    signer: signingKey,
  });
  await client.updateData(did, signingKey, (op) => ({
    ...op,
    services: {
      ...op.services,
      bsky_appview: { type: "BskyAppView", endpoint: publicUrl },
      bsky_notif: { type: "BskyNotificationService", endpoint: publicUrl },
    },
  }));
  return did;
}

const signingKey = await Secp256k1Keypair.create();
const did = await createServiceDid(signingKey);

const db = new bsky.Database({ url: process.env.APPVIEW_DB_URL, schema: "bsky", poolSize: 10 });
await db.migrateToLatestOrThrow();

// The data plane takes no host and listens on every interface: moved to loopback before anything uses it.
// It resolves DIDs with Node's fetch, as the default one refuses loopback addresses.
const dataplane = await bsky.DataPlaneServer.create(db, 0, plcUrl, globalThis.fetch);
const dataplanePort = await relistenLoopback(dataplane.server);

Object.assign(process.env, {
  BSKY_PORT: String(port),
  BSKY_PUBLIC_URL: publicUrl,
  BSKY_SERVER_DID: did,
  BSKY_DID_PLC_URL: plcUrl,
  BSKY_DATAPLANE_URLS: `http://${HOST}:${dataplanePort}`,
  BSKY_DATAPLANE_HTTP_VERSION: "1.1",
  // No bsync here (mutes, bookmarks, notification settings): calls that need it fail fast on a closed port.
  BSKY_BSYNC_URL: `http://${HOST}:1`,
  BSKY_BSYNC_HTTP_VERSION: "1.1",
  MOD_SERVICE_DID: "did:example:no-moderation",
  BSKY_DISABLE_SSRF_PROTECTION: "true",
});
const appView = bsky.BskyAppView.create({ config: bsky.ServerConfig.readEnv(), signingKey });

// Handles of local PDSes (`.test`) are not in DNS: ask the followed PDSes instead of the network.
const handles = new LocalHandles();
for (const idResolver of [dataplane.idResolver, appView.ctx.idResolver]) {
  idResolver.handle.resolve = (handle) => handles.resolve(handle);
}

/** One firehose subscription per followed PDS, by its http(s) origin. */
const subscriptions = new Map();
/** Indexes a PDS's firehose from its beginning and asks it about its handles; once per PDS. */
function follow(pdsUrl) {
  const httpUrl = new URL(pdsUrl).origin.replace(/^ws/, "http");
  if (subscriptions.has(httpUrl)) return;
  handles.add(httpUrl);
  const service = httpUrl.replace(/^http/, "ws");
  const sub = new bsky.RepoSubscription({ service, db, idResolver: dataplane.idResolver });
  subscriptions.set(httpUrl, sub);
  void sub.start();
}
for (const provider of (process.env.APPVIEW_REPO_PROVIDERS ?? "").split(",").filter(Boolean))
  follow(provider);

// What appView.start() does, minus its listen on every interface.
appView.ctx.featureGatesClient.start();
const server = await listenLoopback(appView.app, port);
server.keepAliveTimeout = 90_000;
appView.ctx.cfg.assignPort(port);

onShutdown(
  async () => {
    await closeServer(server);
    await Promise.all([...subscriptions.values()].map((sub) => sub.destroy()));
    await appView.destroy();
    await dataplane.destroy();
    await db.close();
    await plc?.stop();
  },
  { stdinLeash: process.env.APPVIEW_STDIN_LEASH === "true" },
);
createInterface({ input: process.stdin }).on("line", (line) => {
  try {
    follow(JSON.parse(line).follow);
  } catch (err) {
    process.stderr.write(`ignored stdin line ${JSON.stringify(line)}: ${err.message}\n`);
  }
});
announce({ url: `http://${HOST}:${port}`, did, plcUrl });
