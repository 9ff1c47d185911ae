import { serviceAuthJwt } from "../auth/service-auth.js";
import type { AppContext } from "../context.js";
import { outboundRequest } from "../net/outbound.js";
import { readLimited } from "../net/read-body.js";
import { UpstreamError, upstreamUnreachable } from "./upstream-error.js";

/**
 * A query the PDS itself sends to the configured AppView on an account's behalf (read-after-write's
 * embeds and thread parents), with a service token; the JSON answer, bounded by the proxy's limits.
 * Throws UpstreamError or 502 UpstreamFailure; null when no AppView is configured.
 */
export async function appViewQuery(
  ctx: AppContext,
  iss: string,
  nsid: string,
  params: Record<string, string | string[] | undefined>,
): Promise<Record<string, unknown> | null> {
  const { appView, proxy, ssrfProtection } = ctx.config.network;
  if (!appView) return null;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(key, v);
  }
  const url = `${appView.url}/xrpc/${nsid}?${query}`;
  let res: Awaited<ReturnType<typeof outboundRequest>>;
  try {
    res = await outboundRequest(url, {
      headers: {
        accept: "application/json",
        "accept-encoding": "gzip, identity",
        authorization: `Bearer ${serviceAuthJwt(ctx, iss, appView.did, nsid)}`,
      },
      headersTimeoutMs: proxy.headersTimeoutMs,
      bodyTimeoutMs: proxy.bodyTimeoutMs,
      ssrfProtection,
    });
  } catch (err) {
    throw upstreamUnreachable(err);
  }
  if (res.status >= 400) throw await UpstreamError.from(url, res);
  return JSON.parse((await readLimited(url, res, proxy.maxResponseBytes)).toString("utf8"));
}
