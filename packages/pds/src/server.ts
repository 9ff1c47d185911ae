import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { ConnectionLimits } from "./config.js";
import type { AppContext } from "./context.js";
import { logRequest } from "./logging.js";
import { type RouterContext, XrpcRouter } from "./xrpc/router.js";

/** Largest request head (request line and headers), Node's default made explicit: 431 above it. */
export const MAX_HEADER_BYTES = 16 * 1024;

/** Serves a WebSocket upgrade for one subscription NSID. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** A plain (non-XRPC) path such as `/.well-known/atproto-did`. */
export type PathHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpApp<C extends RouterContext = AppContext> {
  router: XrpcRouter<C>;
  upgrades: Map<string, UpgradeHandler>;
  paths: Map<string, PathHandler>;
}

/** Creates the empty routing tables; api/index.ts fills them. */
export function createHttpApp<C extends RouterContext = AppContext>(ctx: C): HttpApp<C> {
  return { router: new XrpcRouter<C>(ctx), upgrades: new Map(), paths: new Map() };
}

/** Starts listening with the connection limits; resolves with the bound URL and a close function. */
export async function listen<C extends RouterContext>(
  app: HttpApp<C>,
  host: string,
  port: number,
  limits: ConnectionLimits,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // How often Node checks the two above (its default, 30 s, would let them overrun by that much).
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
      maxHeaderSize: MAX_HEADER_BYTES,
    },
    (req, res) => {
      watchBodyIdle(req, limits.idleTimeoutMs);
      dispatch(app, req, res);
    },
  );
  server.keepAliveTimeout = 65_000;
  server.maxConnections = limits.maxConnections;
  const logger = app.router.ctx.logger;
  let lastDropLog = 0;
  server.on("drop", () => {
    // One line per minute at most: a flood of refused connections must not flood the log too.
    if (Date.now() - lastDropLog < 60_000) return;
    lastDropLog = Date.now();
    logger.warn({ maxConnections: limits.maxConnections }, "connection refused: at PDS_MAX_CONNECTIONS");
  });
  server.on("upgrade", (req, socket, head) => {
    const nsid = xrpcNsid(req.url ?? "");
    const handler = nsid ? app.upgrades.get(nsid) : undefined;
    if (!handler) {
      socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
      return;
    }
    handler(req, socket, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  const shownHost = host === "0.0.0.0" || host === "::" ? "localhost" : host;
  return {
    server,
    url: `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${bound}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * While a client sends a request body it may not go silent longer than `idleMs` (Node then closes the
 * socket). Only then: the server's own time on the answer (a password hash, a large read) is not the
 * client's silence, and the headers and the whole request have their own timeouts.
 */
function watchBodyIdle(req: IncomingMessage, idleMs: number): void {
  const length = req.headers["content-length"];
  const hasBody = req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
  if (!hasBody) return;
  req.socket.setTimeout(idleMs);
  req.once("end", () => req.socket.setTimeout(0));
}

function dispatch<C extends RouterContext>(app: HttpApp<C>, req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  logRequest(app.router.ctx.logger, req, res);
  res.setHeader("access-control-allow-origin", "*");
  if (req.method === "OPTIONS") {
    res.writeHead(204, {
      "access-control-allow-methods": "GET, POST, OPTIONS",
      "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
      "access-control-max-age": "86400",
    });
    res.end();
    return;
  }
  const nsid = xrpcNsid(path);
  if (nsid !== undefined) {
    void app.router.handle(req, res, nsid, q === -1 ? "" : url.slice(q + 1));
    return;
  }
  const handler = app.paths.get(path);
  if (handler) {
    Promise.resolve(handler(req, res)).catch((err) => app.router.writeError(res, err, path));
    return;
  }
  res.writeHead(404, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify({ error: "NotFound", message: "Not Found" }));
}

function xrpcNsid(path: string): string | undefined {
  if (!path.startsWith("/xrpc/")) return undefined;
  const q = path.indexOf("?");
  return path.slice(6, q === -1 ? undefined : q);
}
