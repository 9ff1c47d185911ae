import type { IncomingMessage } from "node:http";
import { pipeline } from "node:stream";
import type { AccessAuth } from "../auth/verifier.js";
import type { AppContext } from "../context.js";
import type { OutboundResponse } from "../net/outbound.js";
import { byteLimit } from "../net/read-body.js";
import type { HandlerOutput } from "../xrpc/route.js";
import { passedHeaders } from "./headers.js";
import { callUpstream } from "./pipethrough.js";
import { type ProxyTarget, proxyTarget } from "./service-target.js";

/** An upstream answer as a route's output: streamed, with the headers a client may see. */
export function upstreamOutput(ctx: AppContext, upstream: OutboundResponse): HandlerOutput {
  const { "content-type": type, ...headers } = passedHeaders(upstream.headers, true);
  return {
    encoding: type ?? "application/json",
    // pipeline, not pipe: an upstream that fails or stalls mid-body ends the client's answer too.
    body: pipeline(upstream.body, byteLimit("upstream", ctx.config.network.proxy.maxResponseBytes), () => {}),
    headers,
  };
}

/**
 * Forwards a call a local route serves when its `atproto-proxy` header names some other service; a
 * procedure's body, already read, goes re-encoded as `json`.
 */
export async function forwardIfProxiedElsewhere(
  ctx: AppContext,
  req: IncomingMessage,
  auth: AccessAuth,
  nsid: string,
  json?: unknown,
): Promise<HandlerOutput | null> {
  const header = req.headers["atproto-proxy"];
  if (typeof header !== "string" || header === "") return null;
  const { appView } = ctx.config.network;
  if (appView && header === `${appView.did}#bsky_appview`) return null;
  const target = (await proxyTarget(ctx, header, nsid)) as ProxyTarget;
  return upstreamOutput(ctx, await callUpstream(ctx, req, { target, lxm: nsid, iss: auth.did, json }));
}
