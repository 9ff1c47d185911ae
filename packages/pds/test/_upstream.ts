// A stand-in for the services a PDS forwards to (an AppView, a chat service): a loopback HTTP server
// that records what it was sent and answers from handlers, which may stream, stall or fail. It is also
// did:web:localhost%3A<port>, with a DID document naming itself as each service in `services`.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface UpstreamRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  nsid: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type UpstreamHandler = (req: UpstreamRequest, res: ServerResponse) => void | Promise<void>;

export interface Upstream {
  url: string;
  /** did:web of this server (its DID document is served at /.well-known/did.json). */
  did: string;
  requests: UpstreamRequest[];
  close(): Promise<void>;
}

/** Answers `body` as JSON with `status` and extra `headers`. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers }).end(text);
}

/**
 * Starts the server; `services` maps a service id (`bsky_appview`) to its type for the DID document,
 * and `doc` adds fields to it (a verification method, say).
 */
export async function startUpstream(
  routes: Record<string, UpstreamHandler>,
  services: Record<string, string> = { bsky_appview: "BskyAppView" },
  doc: (did: string) => Record<string, unknown> = () => ({}),
): Promise<Upstream> {
  const requests: UpstreamRequest[] = [];
  let did = "";
  let url = "";
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? "/").split("?")[0]!;
    if (path === "/.well-known/did.json") {
      const service = Object.entries(services).map(([id, type]) => ({
        id: `#${id}`,
        type,
        serviceEndpoint: url,
      }));
      return sendJson(res, 200, {
        "@context": ["https://www.w3.org/ns/did/v1"],
        id: did,
        service,
        ...doc(did),
      });
    }
    const nsid = path.replace(/^\/xrpc\//, "");
    const seen = {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      nsid,
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    requests.push(seen);
    const handler = routes[nsid];
    if (!handler) return sendJson(res, 501, { error: "MethodNotImplemented", message: "no such method" });
    await handler(seen, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  url = `http://localhost:${port}`;
  did = `did:web:localhost%3A${port}`;
  return {
    url,
    did,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
