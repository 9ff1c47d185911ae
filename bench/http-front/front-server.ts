// The front-thread experiment's server (bench/http-front.ts): this thread owns the sockets and Node's HTTP
// parsing, reads each request whole and hands it to app-thread.ts, where our PDS runs as it is, and writes
// the answer it gets back. Started like putrecord/ours-server.ts: optional JSON config overrides as the first
// argument (and `--edge`, see edge.ts), {"url": ...} on stdout when ready, stops on SIGTERM, SIGINT or
// when stdin closes.
// GET /_bench/load answers both threads' event-loop utilisation since the last call, and the write
// queue's group totals.
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { EDGE_NSID, Edge } from "./edge.js";
import type { AppLoad, AppReady, FrontRequest, FrontResponse } from "./wire.js";

/** The largest body this experiment forwards (the PDS's own limit for JSON bodies is lower). */
const MAX_BODY = 16 * 1024 * 1024;

/** The app thread from its TypeScript source, through tsx registered inside it (see write/prepare-pool.ts). */
function startAppThread(overrides: string): Worker {
  const source = JSON.stringify(new URL("./app-thread.ts", import.meta.url).href);
  const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${source}); })`;
  return new Worker(boot, {
    eval: true,
    execArgv: ["--conditions=bsky-source"],
    workerData: JSON.parse(overrides),
  });
}

const app = startAppThread(process.argv[2]?.startsWith("{") ? process.argv[2] : "{}");
/** `--edge`: putRecord's auth, input and prepare run here too (edge.ts). */
const edgeMode = process.argv.includes("--edge");
const waiting = new Map<number, (answer: FrontResponse) => void>();
let loadWaiter: ((load: AppLoad) => void) | undefined;
let stopping = false;
app.on("message", (msg: FrontResponse | AppLoad | AppReady) => {
  if ("jwtSecret" in msg) return;
  if ("load" in msg) return loadWaiter?.(msg);
  const answer = waiting.get(msg.id);
  waiting.delete(msg.id);
  answer?.(msg);
});
app.on("error", (err) => {
  process.stderr.write(`app thread failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
const [ready] = (await once(app, "message")) as [AppReady];
const edge = edgeMode ? new Edge(ready) : undefined;

let nextId = 0;
let elu = performance.eventLoopUtilization();
const server = createServer((req, res) => {
  if (req.url === "/_bench/load") {
    loadWaiter = ({ load, writeGroups }) => {
      const now = performance.eventLoopUtilization();
      const front = performance.eventLoopUtilization(now, elu).utilization;
      elu = now;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ front, app: load, writeGroups }));
    };
    app.postMessage("load");
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY) req.destroy();
    else chunks.push(chunk);
  });
  req.on("end", () => {
    const id = nextId++;
    waiting.set(id, (answer) => {
      if (answer.destroyed) return void res.destroy();
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    });
    if (edge && req.url === `/xrpc/${EDGE_NSID}`) {
      try {
        app.postMessage(edge.prepare(id, req, Buffer.concat(chunks)));
      } catch (err) {
        waiting.delete(id);
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "InvalidRequest", message: String(err) }));
      }
      return;
    }
    const msg: FrontRequest = {
      id,
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers: req.headers,
      remoteAddress: req.socket.remoteAddress ?? "unknown",
      body: Buffer.concat(chunks),
    };
    app.postMessage(msg);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1");
await once(server, "listening");

/** Stops the app thread (its PDS closed, its data deleted), then this process; runs once. */
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const exited = once(app, "exit");
  app.postMessage("stop");
  await exited;
  process.exit(0);
}
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, shutdown);
process.stdin.on("end", shutdown);
process.stdin.resume();

const { port } = server.address() as AddressInfo;
process.stdout.write(`${JSON.stringify({ url: `http://localhost:${port}` })}\n`);
