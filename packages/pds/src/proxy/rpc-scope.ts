import type { IncomingMessage } from "node:http";
import { requireScope } from "../auth/permissions.js";
import type { AccessAuth } from "../auth/verifier.js";
import type { AppContext } from "../context.js";
import { firstHeader } from "./headers.js";
import type { ProxyTarget } from "./service-target.js";

/**
 * An OAuth token's `rpc:` permission for a call another service answers: `lxm` at `did#serviceId`, as
 * the reference checks every forwarded call. Session tokens pass.
 */
export function requireRpcScope(auth: AccessAuth, target: ProxyTarget, lxm: string): void {
  requireScope(auth, { rpc: { aud: `${target.did}#${target.serviceId}`, lxm } });
}

/**
 * The same for an app.bsky method served here on an AppView's behalf (preferences): the service the
 * `atproto-proxy` header names, else the configured AppView; with neither, a grant for any service.
 */
export function requireAppViewRpcScope(ctx: AppContext, req: IncomingMessage, auth: AccessAuth, lxm: string) {
  const { appView } = ctx.config.network;
  const aud = firstHeader(req.headers["atproto-proxy"]) || (appView ? `${appView.did}#bsky_appview` : "*");
  requireScope(auth, { rpc: { aud, lxm } });
}
