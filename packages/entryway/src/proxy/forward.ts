import { Agent, type IncomingMessage, request, type ServerResponse } from "node:http";
import type { ProxyLimits } from "../config.js";
import type { Cell } from "../directory/cells.js";

// Hop-by-hop headers (RFC 9110 §7.6.1) end at each hop; `host` is the cell's own.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
]);

function endToEnd(headers: IncomingMessage["headers"]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

/**
 * Passes requests to cells as streams both ways (a 50 MB blob upload or a repo export never sits in the
 * entryway's memory), over a bounded pool of kept-alive connections per cell, with a deadline for the
 * cell's answer to start. The request and response limits of the entryway's own server still apply.
 */
export class CellProxy {
  readonly #agents = new Map<string, Agent>();

  constructor(readonly limits: ProxyLimits) {}

  /** Streams `req` to `cell` and its answer back; a cell that cannot be reached is a 502 UpstreamFailure. */
  forward(req: IncomingMessage, res: ServerResponse, cell: Cell): Promise<void> {
    const target = new URL(req.url ?? "/", cell.url);
    return new Promise((resolve) => {
      const upstream = request(target, {
        method: req.method,
        headers: endToEnd(req.headers),
        agent: this.#agent(cell),
        timeout: this.limits.responseTimeoutMs,
      });
      const fail = (status: number, message: string) => {
        if (!res.headersSent) {
          const body = JSON.stringify({ error: "UpstreamFailure", message });
          res.writeHead(status, { "content-type": "application/json; charset=utf-8", "retry-after": "5" });
          res.end(body);
        } else res.destroy();
        resolve();
      };
      upstream.on("timeout", () => upstream.destroy(new Error("cell response timeout")));
      upstream.on("error", () => fail(502, `The account's PDS cell (${cell.id}) did not answer`));
      upstream.on("response", (answer) => {
        // The deadline was for the answer to start; its body streams at the client's pace.
        upstream.setTimeout(0);
        res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
        answer.pipe(res);
        answer.on("end", resolve);
        answer.on("error", () => {
          res.destroy();
          resolve();
        });
      });
      // A client gone mid-request: stop the cell's work on it too.
      res.on("close", () => {
        if (!res.writableFinished) upstream.destroy();
        resolve();
      });
      req.pipe(upstream);
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    for (const agent of this.#agents.values()) agent.destroy();
  }

  #agent(cell: Cell): Agent {
    let agent = this.#agents.get(cell.id);
    if (agent === undefined) {
      agent = new Agent({ keepAlive: true, maxSockets: this.limits.maxSocketsPerCell, maxFreeSockets: 64 });
      this.#agents.set(cell.id, agent);
    }
    return agent;
  }
}
