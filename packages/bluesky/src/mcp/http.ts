// Streamable HTTP on one endpoint, `/mcp`, on loopback unless told otherwise. The SDK's handler serves
// both protocol eras statelessly (one server per request, nothing kept between requests); in front of it
// go the checks the handler leaves to its host: Host and Origin (a web page must not reach a local
// server through DNS rebinding), an optional bearer token, and explicit limits on bodies, time and
// connections.
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { hostHeaderValidation, originValidation, toNodeHandler } from "@modelcontextprotocol/node";
import { createMcpHandler, type McpServer } from "@modelcontextprotocol/server";
import { MAX_MESSAGE_BYTES } from "./server.js";

/** The path the endpoint answers on. */
export const MCP_PATH = "/mcp";

/** The limits of the HTTP transport, each explicit. */
export const HTTP_LIMITS = {
  /** A request body: one message. */
  maxBodyBytes: MAX_MESSAGE_BYTES,
  /** Time to receive a request's headers. */
  headersTimeoutMs: 10_000,
  /** Time to receive a whole request (a large upload on a slow link). */
  requestTimeoutMs: 120_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: 5_000,
  /** Open connections at once; more are refused. */
  maxConnections: 64,
} as const;

/** The hostnames a loopback server answers to. */
export const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

/** Where and how to listen. */
export type HttpOptions = {
  /** The address to bind; loopback (127.0.0.1) unless set. */
  host?: string;
  /** The port; 0 picks a free one. */
  port: number;
  /** Hostnames the Host header may name besides the loopback ones (needed to bind anything else). */
  allowedHosts?: readonly string[];
  /** Hostnames a browser's Origin may name besides the loopback ones. */
  allowedOrigins?: readonly string[];
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  token?: string;
};

/** A listening server. */
export type HttpServer = { url: string; close(): Promise<void> };

/** True for an address on this machine only. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function reply(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}

/** Compares the bearer token in constant time. */
function authorized(req: IncomingMessage, token: string): boolean {
  const sent = Buffer.from(req.headers.authorization ?? "");
  const expected = Buffer.from(`Bearer ${token}`);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

/** Serves the servers `factory` builds over Streamable HTTP; resolves once listening. */
export async function serveHttp(factory: () => McpServer, options: HttpOptions): Promise<HttpServer> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopback(host) && !options.allowedHosts?.length) {
    throw new Error(
      `binding ${host} exposes the server beyond this machine; name its hostnames with --allowed-host`,
    );
  }
  const handler = createMcpHandler(factory, { maxRequestBodySize: HTTP_LIMITS.maxBodyBytes });
  const node = toNodeHandler(handler, { maxRequestBodySize: HTTP_LIMITS.maxBodyBytes });
  const checkHost = hostHeaderValidation([...LOOPBACK_NAMES, ...(options.allowedHosts ?? [])]);
  const checkOrigin = originValidation([...LOOPBACK_NAMES, ...(options.allowedOrigins ?? [])]);
  const server = createServer((req, res) => {
    if (!checkHost(req, res) || !checkOrigin(req, res)) return;
    if (new URL(req.url ?? "/", "http://localhost").pathname !== MCP_PATH) {
      return reply(res, 404, `not found; the MCP endpoint is ${MCP_PATH}`);
    }
    if (options.token !== undefined && !authorized(req, options.token)) {
      return reply(res, 401, "missing or wrong bearer token", { "www-authenticate": "Bearer" });
    }
    void node(req, res);
  });
  server.headersTimeout = HTTP_LIMITS.headersTimeoutMs;
  server.requestTimeout = HTTP_LIMITS.requestTimeoutMs;
  server.keepAliveTimeout = HTTP_LIMITS.keepAliveTimeoutMs;
  server.maxConnections = HTTP_LIMITS.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}${MCP_PATH}`,
    async close() {
      await handler.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
