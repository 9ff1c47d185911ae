import type { IncomingMessage, ServerResponse } from "node:http";
import { SCOPE_APP_PASS } from "../auth/scopes.js";
import { accessStandard } from "../auth/verifier.js";
import type { AppContext } from "../context.js";
import { InvalidRequestError, MethodNotImplementedError } from "../xrpc/errors.js";
import { firstHeader } from "./headers.js";
import { PRIVILEGED_METHODS, PROTECTED_METHODS } from "./methods.js";
import { callUpstream, streamToClient } from "./pipethrough.js";
import { requireRpcScope } from "./rpc-scope.js";
import { proxyTarget } from "./service-target.js";

/**
 * Serves an XRPC method this PDS does not implement by forwarding it, in the reference's order: the
 * HTTP method, account-management methods refused, the target (`atproto-proxy` header or the method's
 * default service; 501 when there is none), the caller's session, privileged methods, then the call,
 * whose answer streams back. Throws XRPC errors for the router to render.
 */
export async function proxyUnknownMethod(
  ctx: AppContext,
  req: IncomingMessage,
  res: ServerResponse,
  nsid: string,
): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "POST") {
    throw new InvalidRequestError("XRPC requests only supports GET and POST");
  }
  if (PROTECTED_METHODS.has(nsid)) throw new InvalidRequestError("Bad token method", "InvalidToken");
  const target = await proxyTarget(ctx, firstHeader(req.headers["atproto-proxy"]), nsid);
  if (target === null) throw new MethodNotImplementedError();
  const auth = await accessStandard(req, ctx, res);
  requireRpcScope(auth, target, nsid);
  if (auth.scope === SCOPE_APP_PASS && PRIVILEGED_METHODS.has(nsid)) {
    throw new InvalidRequestError("Bad token method", "InvalidToken");
  }
  const upstream = await callUpstream(ctx, req, { target, lxm: nsid, iss: auth.did });
  await streamToClient(ctx, res, upstream);
}
