// A real XRPC server on 127.0.0.1 for tests: each NSID answers from a handler, and every request (but
// CORS preflights) is recorded so tests can assert what the client actually sent.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

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
  const server = createServer(async (req, res) => {
    // Hooks run under happy-dom, whose fetch enforces CORS as a browser does; a PDS answers it the same way.
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-expose-headers", "*");
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-methods": "GET, POST",
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
      });
      return void res.end();
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://fixture");
    const nsid = url.pathname.replace(/^\/xrpc\//, "");
    const request = {
      method: req.method ?? "GET",
      nsid,
      params: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    requests.push(request);
    const handler = routes[nsid];
    const reply = handler
      ? await handler(request)
      : xrpcError(501, "MethodNotImplemented", `method not implemented; nsid=${nsid}`);
    const body = reply.body === undefined ? "" : JSON.stringify(reply.body);
    res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
