import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { WebSocket } from "ws";
import { createTestAccount, startTestPds, type TestPds, xrpc } from "./_util.js";

// Every connection limit is explicit (config.ts ConnectionLimits): a client trickling or stalling a
// body, or sending headers slowly, loses its socket within the limit, and connections past the cap
// are refused. Short limits here; the defaults are in DEFAULT_LIMITS.
const limits = { headersTimeoutMs: 1000, requestTimeoutMs: 2000, idleTimeoutMs: 800 };

let pds: TestPds;
beforeAll(async () => {
  pds = await startTestPds(limits);
});
afterAll(() => pds.close());

/** A raw TCP connection to the server, with everything it receives and when it closed. */
async function rawSocket(
  url: string,
): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const { port } = new URL(url);
  const socket = connect(Number(port), "127.0.0.1");
  let received = "";
  socket.on("data", (chunk) => {
    received += chunk;
  });
  socket.on("error", () => {}); // a refused connection is reset; its close is what the tests look at
  // Not events.once: it would reject on the reset instead of waiting for the close.
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  await new Promise((resolve) => socket.once("connect", resolve));
  return { socket, received: () => received, closed };
}

/** Resolves true when `closed` settles within `ms`, false otherwise (the socket is then destroyed). */
async function closesWithin(conn: { socket: Socket; closed: Promise<void> }, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const result = await Promise.race([conn.closed.then(() => true as const), timeout]);
  clearTimeout(timer);
  conn.socket.destroy();
  return result;
}

const POST_HEAD = (port: string, length: number) =>
  `POST /xrpc/com.atproto.server.createSession HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
  `Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

describe("connection limits", () => {
  test("a body trickled in byte by byte loses its socket at the request timeout (408)", async () => {
    const conn = await rawSocket(pds.url);
    conn.socket.write(POST_HEAD(new URL(pds.url).port, 1000));
    // One byte every 300 ms: never idle long enough for the idle timeout, so only the request timeout ends it.
    const drip = setInterval(() => conn.socket.write(" "), 300);
    try {
      expect(await closesWithin(conn, 10_000)).toBe(true);
    } finally {
      clearInterval(drip);
    }
    expect(conn.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  test("a body that stops coming loses its socket at the idle timeout", async () => {
    const conn = await rawSocket(pds.url);
    conn.socket.write(`${POST_HEAD(new URL(pds.url).port, 1000)}{"identifier":`);
    expect(await closesWithin(conn, 10_000)).toBe(true);
  });

  test("headers sent slowly lose their socket at the headers timeout", async () => {
    const conn = await rawSocket(pds.url);
    conn.socket.write("GET /xrpc/_health HTTP/1.1\r\n");
    const drip = setInterval(() => conn.socket.write("X-Slow: 1\r\n"), 300);
    try {
      expect(await closesWithin(conn, 10_000)).toBe(true);
    } finally {
      clearInterval(drip);
    }
  });

  test("the server's own time on an answer is not the client's silence", async () => {
    // createAccount's transaction is held back past the idle timeout, as on a busy server.
    const original = pds.ctx.writes.transact.bind(pds.ctx.writes);
    pds.ctx.writes.transact = async (fn) => {
      await new Promise((resolve) => setTimeout(resolve, limits.idleTimeoutMs * 2));
      return original(fn);
    };
    try {
      expect((await createTestAccount(pds, "patient")).did).toMatch(/^did:plc:/);
    } finally {
      pds.ctx.writes.transact = original;
    }
  });

  test("a firehose subscriber is not a request: it outlives every timeout", async () => {
    const ws = new WebSocket(`${pds.url.replace("http", "ws")}/xrpc/com.atproto.sync.subscribeRepos`);
    try {
      await once(ws, "open");
      const frames: Buffer[] = [];
      ws.on("message", (data: Buffer) => frames.push(data));
      await new Promise((resolve) => setTimeout(resolve, limits.requestTimeoutMs + 1500));
      expect(ws.readyState).toBe(WebSocket.OPEN);
      await createTestAccount(pds, "quiet");
      while (frames.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      ws.terminate();
    }
  });
});

test("connections past PDS_MAX_CONNECTIONS are closed as they arrive, and served again once under it", async () => {
  const capped = await startTestPds({ maxConnections: 3 });
  try {
    const held = await Promise.all([1, 2, 3].map(() => rawSocket(capped.url)));
    const extra = await rawSocket(capped.url);
    extra.socket.write(`GET /xrpc/_health HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(await closesWithin(extra, 5000)).toBe(true);
    expect(extra.received()).toBe("");
    held[0]!.socket.destroy();
    await held[0]!.closed;
    // The server counts the closed socket down on its side; give it that moment.
    let status = 0;
    while (status !== 200)
      status = await xrpc(capped.url, "_health").then(
        (r) => r.status,
        () => 0,
      );
    for (const conn of held) conn.socket.destroy();
  } finally {
    await capped.close();
  }
});
