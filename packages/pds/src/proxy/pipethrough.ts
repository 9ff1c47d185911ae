import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline, type Readable } from "node:stream";
import { serviceAuthJwt } from "../auth/service-auth.js";
import type { AppContext } from "../context.js";
import { OutboundError } from "../net/errors.js";
import { type OutboundResponse, outboundRequest } from "../net/outbound.js";
import { byteLimit } from "../net/read-body.js";
import { PayloadTooLargeError } from "../xrpc/errors.js";
import { forwardedHeaders, passedHeaders } from "./headers.js";
import type { ProxyTarget } from "./service-target.js";
import { UpstreamError, upstreamUnreachable } from "./upstream-error.js";

/** One call to send upstream on a user's behalf. */
export interface UpstreamCall {
  target: ProxyTarget;
  /** The method, bound into the service token. */
  lxm: string;
  /** The account the token speaks for. */
  iss: string;
  /** What the client accepts; the PDS narrows it when it may have to read the answer itself. */
  acceptEncoding?: string;
  /** A JSON body the router already read (a local route forwarding after all): sent re-encoded. */
  json?: unknown;
}

/**
 * Sends the client's request (method, path and query as received; a POST body streamed as it arrives,
 * within the proxy's limit) to the target with a service token in place of the client's credentials.
 * Resolves with a 2xx/3xx answer whose body is still to be read; throws UpstreamError for an error
 * answer and 502 UpstreamFailure when the target cannot be reached.
 */
export async function callUpstream(
  ctx: AppContext,
  req: IncomingMessage,
  call: UpstreamCall,
): Promise<OutboundResponse> {
  const limits = ctx.config.network.proxy;
  const method = req.method === "POST" ? "POST" : req.method === "HEAD" ? "HEAD" : "GET";
  let body: Readable | Uint8Array | undefined;
  let bodyHeaders: Record<string, string | undefined> = {};
  if (call.json !== undefined) {
    body = Buffer.from(JSON.stringify(call.json));
    bodyHeaders = { "content-type": "application/json", "content-length": String(body.length) };
  } else if (method === "POST") {
    if (Number(req.headers["content-length"] ?? 0) > limits.maxRequestBytes) throw tooLarge(req);
    body = req.pipe(byteLimit("request body", limits.maxRequestBytes));
  }
  const url = new URL(call.target.url).origin + (req.url ?? "/");
  let upstream: OutboundResponse;
  try {
    upstream = await outboundRequest(url, {
      method,
      body,
      headers: {
        ...forwardedHeaders(req, method === "POST" && call.json === undefined),
        ...bodyHeaders,
        "accept-encoding": call.acceptEncoding ?? (req.headers["accept-encoding"] || "identity"),
        authorization: `Bearer ${serviceAuthJwt(ctx, call.iss, call.target.did, call.lxm)}`,
      },
      headersTimeoutMs: limits.headersTimeoutMs,
      bodyTimeoutMs: limits.bodyTimeoutMs,
      ssrfProtection: ctx.config.network.ssrfProtection,
    });
  } catch (err) {
    if (err instanceof OutboundError && err.reason === "too-large") throw tooLarge(req);
    ctx.logger.warn({ err, url: call.target.url }, "upstream call failed");
    throw upstreamUnreachable(err);
  }
  if (upstream.status >= 400) throw await UpstreamError.from(url, upstream);
  return upstream;
}

/** 413 for a body over the proxy's limit; the rest is not read, so the connection closes after the answer. */
function tooLarge(req: IncomingMessage): PayloadTooLargeError {
  req.pause();
  return new PayloadTooLargeError({ connection: "close" });
}

/**
 * Streams an upstream answer to the client as it arrives (never whole in memory), with its status and
 * the headers a client may see, cut off past the proxy's response limit.
 */
export function streamToClient(
  ctx: AppContext,
  res: ServerResponse,
  upstream: OutboundResponse,
): Promise<void> {
  res.writeHead(upstream.status, passedHeaders(upstream.headers, true));
  return new Promise((resolve) => {
    pipeline(upstream.body, byteLimit("upstream", ctx.config.network.proxy.maxResponseBytes), res, (err) => {
      // Headers are sent: a failure mid-body can only end the connection, which pipeline has done.
      if (err && !res.destroyed) res.destroy();
      if (err) ctx.logger.warn({ err }, "proxied answer cut off");
      resolve();
    });
  });
}
