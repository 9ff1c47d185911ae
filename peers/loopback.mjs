// Loopback-only serving for the peers' Node 22 entry points (ref-pds/start.mjs, ref-appview/*.mjs):
// the reference servers' own start() methods listen on every interface, so the peers listen their apps here.
// Only node: built-ins, so it loads from any peer folder.
import { once } from "node:events";
import { createServer } from "node:net";

export const HOST = "127.0.0.1";

/** Asks the kernel for a free loopback port (for a server that must know its port before it is created). */
export async function freePort() {
  const probe = createServer();
  probe.listen(0, HOST);
  await once(probe, "listening");
  const { port } = probe.address();
  probe.close();
  await once(probe, "close");
  return port;
}

// Every socket of the servers listened here, so closeServer can cut them all: server.closeAllConnections()
// misses upgraded ones, and a firehose subscriber's WebSocket would otherwise hold the server open.
const sockets = new WeakMap();

/** Listens an express app (or any request handler with listen()) on loopback. */
export async function listenLoopback(app, port) {
  const server = app.listen(port, HOST);
  const open = new Set();
  sockets.set(server, open);
  server.on("connection", (socket) => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
  });
  await once(server, "listening");
  return server;
}

/** Moves a server that some library already listened on every interface to loopback, on the same port. */
export async function relistenLoopback(server) {
  const { port } = server.address();
  server.close();
  await once(server, "close");
  server.listen(port, HOST);
  await once(server, "listening");
  return port;
}

/** Closes a server listened by listenLoopback, cutting its open connections (keep-alive, WebSocket). */
export async function closeServer(server) {
  const closed = once(server, "close");
  server.close();
  for (const socket of sockets.get(server) ?? []) socket.destroy();
  await closed;
}

/**
 * Runs `shutdown` once on SIGTERM, SIGINT or, with `stdinLeash`, the end of stdin (so a peer dies with the
 * process that piped it even if that one was killed without stopping it); then exits.
 */
export function onShutdown(shutdown, { stdinLeash = false } = {}) {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await shutdown();
    } finally {
      process.exit(0);
    }
  };
  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, stop);
  if (stdinLeash) {
    process.stdin.on("end", stop);
    process.stdin.resume();
  }
}

/**
 * Logs stay off unless the caller asked for them: stdout carries the ready line. (They cannot be sent to
 * stderr instead: pino opens LOG_DESTINATION by path, and /dev/stderr cannot be opened on a socket pipe.)
 */
export function quietLogs() {
  process.env.LOG_ENABLED ??= "false";
}

/** The one JSON line on stdout that tells the launcher (peers/server-process.ts) the peer is serving. */
export function announce(ready) {
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}
