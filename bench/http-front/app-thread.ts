// The app thread of the front-thread experiment (bench/http-front.ts): our whole PDS as it is (database,
// write queue, auth, handlers), minus the sockets. Requests arrive as messages from the front thread,
// go through the PDS's own XRPC router on a request/response pair made from the message, and the answer
// goes back as a message. Only JSON routes answered whole are served (no streaming, no upgrades): enough
// for the putRecord loads this measures, and a measure of what the hop costs, not a server.
import { EventEmitter } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { parentPort, workerData } from "node:worker_threads";
import { type ConfigInput, startPds } from "@putrecord/pds";
import { recordWriteJson } from "../../packages/pds/src/api/repo-write.js";
import { fromWire } from "../../packages/pds/src/write/prepare-wire.js";
import type { RecordWriteResult } from "../../packages/pds/src/write/types.js";
import type { AppLoad, AppReady, EdgeWrite, FrontRequest, FrontResponse } from "./wire.js";

const port = parentPort!;
const overrides = workerData as Partial<ConfigInput>;
const dataDirectory = await mkdtemp(join(tmpdir(), "ours-front-bench-"));
const pds = await startPds(
  { port: 0, hostname: "localhost", bindHost: "127.0.0.1", dataDirectory, loginDelayMs: 0, ...overrides },
  { logLevel: "silent" },
);

/** A request body that is already whole, as the router's body readers expect an IncomingMessage. */
function requestOf(msg: FrontRequest): IncomingMessage {
  const req = Readable.from([Buffer.from(msg.body.buffer, msg.body.byteOffset, msg.body.byteLength)], {
    objectMode: false,
  }) as Readable & Record<string, unknown>;
  Object.assign(req, {
    method: msg.method,
    url: msg.url,
    headers: msg.headers,
    socket: { remoteAddress: msg.remoteAddress },
    complete: false,
  });
  req.once("end", () => {
    req.complete = true;
  });
  return req as unknown as IncomingMessage;
}

/** The part of ServerResponse the router uses for whole answers; `end` posts the answer. */
class MessageResponse extends EventEmitter {
  statusCode = 200;
  headersSent = false;
  destroyed = false;
  writableEnded = false;
  writableFinished = false;
  readonly #headers: Record<string, string | string[] | number> = {};
  readonly #chunks: Buffer[] = [];

  constructor(readonly id: number) {
    super();
  }

  setHeader(name: string, value: string | string[] | number): this {
    this.#headers[name.toLowerCase()] = value;
    return this;
  }

  getHeader(name: string): string | string[] | number | undefined {
    return this.#headers[name.toLowerCase()];
  }

  writeHead(status: number, headers: Record<string, string | string[] | number> = {}): this {
    this.statusCode = status;
    for (const [k, v] of Object.entries(headers)) this.setHeader(k, v);
    this.headersSent = true;
    return this;
  }

  write(chunk: Uint8Array | string): boolean {
    this.#chunks.push(Buffer.from(chunk));
    return true;
  }

  end(chunk?: Uint8Array | string): this {
    if (chunk !== undefined) this.write(chunk);
    this.#finish(false);
    return this;
  }

  destroy(): this {
    this.#finish(true);
    return this;
  }

  #finish(destroyed: boolean): void {
    if (this.writableEnded) return;
    this.writableEnded = true;
    this.writableFinished = !destroyed;
    this.destroyed = destroyed;
    const body = Buffer.concat(this.#chunks);
    const msg: FrontResponse = {
      id: this.id,
      status: this.statusCode,
      headers: this.#headers,
      body,
      destroyed,
    };
    port.postMessage(msg);
    this.emit("finish");
    this.emit("close");
  }
}

let elu = performance.eventLoopUtilization();
/** The edge variant's commit: the account looked up (as the route does), then the write queue. */
async function commitEdgeWrite({ id, did, collection, rkey, record }: EdgeWrite): Promise<void> {
  let status = 200;
  let body: unknown;
  try {
    if (pds.ctx.accounts.getAccount(did) === null) throw new Error(`no account ${did}`);
    const write = { action: "put" as const, collection, rkey, ...fromWire(record) };
    const { commit, results } = await pds.ctx.writes.submit(did, { writes: [write] });
    body = recordWriteJson(commit, results[0] as RecordWriteResult);
  } catch (err) {
    status = 400;
    body = { error: "InvalidRequest", message: String(err) };
  }
  const headers = { "content-type": "application/json; charset=utf-8" };
  const answer: FrontResponse = {
    id,
    status,
    headers,
    body: Buffer.from(JSON.stringify(body)),
    destroyed: false,
  };
  port.postMessage(answer);
}

port.on("message", (msg: FrontRequest | EdgeWrite | "load" | "stop") => {
  if (msg === "stop") return void stop();
  if (typeof msg === "object" && "record" in msg) return void commitEdgeWrite(msg);
  if (msg === "load") {
    const now = performance.eventLoopUtilization();
    const load: AppLoad = {
      load: performance.eventLoopUtilization(now, elu).utilization,
      writeGroups: pds.ctx.writes.totals,
    };
    port.postMessage(load);
    elu = now;
    return;
  }
  const res = new MessageResponse(msg.id);
  const [path, search = ""] = msg.url.split("?", 2) as [string, string?];
  if (!path.startsWith("/xrpc/")) {
    res.writeHead(404).end(JSON.stringify({ error: "NotFound", message: "Not Found" }));
    return;
  }
  const req = requestOf(msg);
  void pds.app.router.handle(req, res as unknown as ServerResponse, path.slice(6), search);
});

/** Closes the PDS, deletes its data and ends this thread. */
async function stop(): Promise<void> {
  try {
    await pds.close();
  } finally {
    await rm(dataDirectory, { recursive: true, force: true });
    process.exit(0);
  }
}
const ready: AppReady = { jwtSecret: pds.ctx.secrets.jwtSecret, serviceDid: pds.ctx.config.serviceDid };
port.postMessage(ready);
