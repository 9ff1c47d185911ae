// XRPC routing over the fixture server of _util.ts: each NSID answers from a handler with JSON, CORS is
// answered as a PDS does (the hooks run under happy-dom, whose fetch enforces it), and every request but
// the preflights is recorded so tests can assert what the client actually sent.
import type { IncomingHttpHeaders } from "node:http";
import { json, serve } from "./_util.js";

export type FixtureRequest = {
  method: string;
  nsid: string;
  params: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
};

export type FixtureReply = { status?: number; body?: unknown; headers?: Record<string, string> };

export type FixtureHandler = (req: FixtureRequest) => FixtureReply | Promise<FixtureReply>;

export type Fixture = { url: string; requests: FixtureRequest[]; close(): Promise<void> };

/** The JSON body a request carried. */
export function jsonOf(req: FixtureRequest): Record<string, unknown> {
  return JSON.parse(req.body.toString("utf8"));
}

/** An XRPC error reply, as a PDS sends it. */
export function xrpcError(status: number, error: string, message: string): FixtureReply {
  return { status, body: { error, message } };
}

/** Starts a server on an ephemeral port; unknown NSIDs answer 501 MethodNotImplemented, as a PDS does. */
export async function startFixture(routes: Record<string, FixtureHandler>): Promise<Fixture> {
  const requests: FixtureRequest[] = [];
  const server = await serve(async (seen, res) => {
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-expose-headers", "*");
    if (seen.method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-methods": "GET, POST",
        "access-control-allow-headers": seen.headers["access-control-request-headers"] ?? "*",
      });
      return void res.end();
    }
    const nsid = seen.path.replace(/^\/xrpc\//, "");
    const request = { ...seen, nsid, params: seen.query, body: Buffer.from(seen.body, "utf8") };
    requests.push(request);
    const handler = routes[nsid];
    const reply = handler
      ? await handler(request)
      : xrpcError(501, "MethodNotImplemented", `method not implemented; nsid=${nsid}`);
    if (reply.body === undefined) res.writeHead(reply.status ?? 200, reply.headers).end();
    else json(res, reply.status ?? 200, reply.body, reply.headers);
  });
  return { url: server.url, requests, close: server.close };
}
