// The floor: what this machine allows a durable putRecord at all. A bare node:http server that does no
// repo work: it appends each write request's body to a log file and answers once an fdatasync covers it,
// sharing syncs between concurrent requests the way our PDS does (the same WalSync). No auth, MST,
// signature or index, so no PDS can beat it here; the benchmark prints it beside ref and ours so a goal
// can be read against what is physically possible on the machine that ran it. Same start/stop protocol
// as ours-server.ts.
import { randomBytes } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WalSync } from "@putrecord/pds/write/wal-sync.js";

const dir = await mkdtemp(join(tmpdir(), "floor-bench-"));
const logPath = join(dir, "writes.log");
const fd = openSync(logPath, "a");
const sync = new WalSync(logPath);

/** Answers an XRPC call with JSON. */
function send(res: ServerResponse, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(200, { "content-type": "application/json", "content-length": bytes.length });
  res.end(bytes);
}

/** Just enough of each call the benchmark makes; writes are logged and synced, the rest is made up. */
async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
  const nsid = new URL(req.url ?? "/", "http://floor").pathname.replace("/xrpc/", "");
  switch (nsid) {
    case "com.atproto.server.describeServer":
      return send(res, { did: "did:web:localhost", availableUserDomains: [".floor.test"] });
    case "com.atproto.server.createAccount": {
      const did = `did:plc:${randomBytes(12).toString("hex")}`;
      return send(res, { did, handle: JSON.parse(body.toString()).handle, accessJwt: did, refreshJwt: did });
    }
    case "com.atproto.repo.putRecord":
    case "com.atproto.repo.applyWrites": {
      const input = JSON.parse(body.toString()) as { repo: string; collection?: string; rkey?: string };
      writeSync(fd, body);
      await sync.whenDurable();
      return send(res, { uri: `at://${input.repo}/${input.collection}/${input.rkey}`, cid: "" });
    }
    default:
      res.writeHead(501).end();
  }
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    handle(req, res, Buffer.concat(chunks)).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
});
server.keepAliveTimeout = 60_000;

let stopping = false;
/** Stops the server and deletes its log; runs once whatever triggers it. */
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.close();
  await sync.close();
  closeSync(fd);
  await rm(dir, { recursive: true, force: true });
  process.exit(0);
}
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, shutdown);
process.stdin.on("end", shutdown);
process.stdin.resume();

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("floor server has no TCP address");
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
});
