// An in-memory PLC directory (@did-plc/server) on loopback: imported by start.mjs, or run alone so that a PDS
// can be given its URL before the AppView exists. Its DIDs are gone when it stops.
//
// Run alone (by the Node 22 binary of peers/ref-pds): PLC_PORT (default: a free one) and PLC_STDIN_LEASH
// ("true": stop when stdin closes). Output: one JSON line on stdout, {"url": "http://localhost:<port>"}.
import { announce, closeServer, listenLoopback, onShutdown, quietLogs } from "../loopback.mjs";

quietLogs();
const { PlcServer, Database } = (await import("@did-plc/server")).default;

/** Starts the directory; `url` names localhost, as the reference's DID resolvers refuse IP-literal hosts. */
export async function startPlc(port = 0) {
  const plc = PlcServer.create({ db: Database.mock() });
  const server = await listenLoopback(plc.app, port);
  return {
    url: `http://localhost:${server.address().port}`,
    stop: async () => {
      await closeServer(server);
      await plc.ctx.db.close();
    },
  };
}

if (import.meta.main) {
  const plc = await startPlc(Number(process.env.PLC_PORT) || 0);
  onShutdown(plc.stop, { stdinLeash: process.env.PLC_STDIN_LEASH === "true" });
  announce({ url: plc.url });
}
