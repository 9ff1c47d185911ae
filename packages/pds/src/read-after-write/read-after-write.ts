import type { IncomingMessage } from "node:http";
import type { AccessAuth } from "../auth/verifier.js";
import type { AppContext } from "../context.js";
import { DECODABLE_CODINGS, readLimited } from "../net/read-body.js";
import { upstreamOutput } from "../proxy/forward-route.js";
import { firstHeader, passedHeaders } from "../proxy/headers.js";
import { callUpstream } from "../proxy/pipethrough.js";
import { requireRpcScope } from "../proxy/rpc-scope.js";
import { proxyTarget } from "../proxy/service-target.js";
import { MethodNotImplementedError } from "../xrpc/errors.js";
import type { HandlerOutput } from "../xrpc/route.js";
import { type LocalRecords, localLag, recordsSinceRev } from "./local-records.js";
import { LocalViewer, type View } from "./local-viewer.js";

/** Merges the account's newest records into an AppView answer (returns the answer to send). */
export type Merge = (
  viewer: LocalViewer,
  original: View,
  local: LocalRecords,
  requester: string,
) => Promise<View>;

/** The client's accepted codings narrowed to those this PDS can decode, should it have to read the answer. */
function decodableCodings(accept: string | undefined): string {
  const kept = (accept ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => DECODABLE_CODINGS.has(part.split(";")[0]!.trim().toLowerCase()));
  return kept.length > 0 ? kept.join(", ") : "identity";
}

/** A merged answer: JSON, with how far behind the AppView is (the reference's Atproto-Upstream-Lag). */
export function mergedOutput(
  body: View,
  lag: number | undefined,
  headers: Record<string, string> = {},
): HandlerOutput {
  const out: Record<string, string> = { ...headers };
  if (lag !== undefined) out["atproto-upstream-lag"] = String(lag);
  return { encoding: "application/json", body, headers: out };
}

/**
 * Forwards a read to the AppView as the proxy does and, when the AppView's `atproto-repo-rev` is older
 * than the caller's newest posts or profile, merges those into its answer (the reference's
 * read-after-write), so a user sees what they just wrote. Otherwise the answer streams through
 * untouched; only a merge reads it whole (within the proxy's response limit). A merge that fails sends
 * the AppView's answer as it was.
 */
export async function readAfterWrite(
  ctx: AppContext,
  req: IncomingMessage,
  auth: AccessAuth,
  nsid: string,
  merge: Merge,
): Promise<HandlerOutput> {
  const target = await proxyTarget(ctx, firstHeader(req.headers["atproto-proxy"]), nsid);
  if (target === null) throw new MethodNotImplementedError();
  requireRpcScope(auth, target, nsid);
  const upstream = await callUpstream(ctx, req, {
    target,
    lxm: nsid,
    iss: auth.did,
    acceptEncoding: decodableCodings(firstHeader(req.headers["accept-encoding"])),
  });
  const rev = firstHeader(upstream.headers["atproto-repo-rev"]);
  const type = String(upstream.headers["content-type"] ?? "application/json");
  if (!rev || !/application\/(?:\w+\+)?json/i.test(type)) return upstreamOutput(ctx, upstream);
  const local = recordsSinceRev(ctx, auth.did, rev);
  if (local.count === 0) return upstreamOutput(ctx, upstream);
  const url = `${target.url}/xrpc/${nsid}`;
  const bytes = await readLimited(url, upstream, ctx.config.network.proxy.maxResponseBytes);
  const headers = passedHeaders(upstream.headers, false);
  try {
    const original = JSON.parse(bytes.toString("utf8")) as View;
    const merged = await merge(new LocalViewer(ctx, auth.did), original, local, auth.did);
    return mergedOutput(merged, localLag(local), headers);
  } catch (err) {
    ctx.logger.warn({ err, nsid }, "read-after-write merge failed; sending the AppView's answer");
    return { encoding: type, body: bytes, headers };
  }
}
