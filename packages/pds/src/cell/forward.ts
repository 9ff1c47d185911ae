import { XRPCError } from "../xrpc/errors.js";
import { defineRoute, type Params, type Route } from "../xrpc/route.js";
import type { EntrywayTrust } from "./trust.js";

/**
 * What the entryway owns, so a cell passes it on (as the reference's PDS does in entryway mode): clients
 * that follow an account's DID document to its cell still sign up, log in, refresh, manage app passwords
 * and change handles against the one directory.
 */
export const ENTRYWAY_METHODS: ReadonlySet<string> = new Set([
  "com.atproto.server.createAccount",
  "com.atproto.server.createSession",
  "com.atproto.server.refreshSession",
  "com.atproto.server.deleteSession",
  "com.atproto.server.getSession",
  "com.atproto.server.createAppPassword",
  "com.atproto.server.listAppPasswords",
  "com.atproto.server.revokeAppPassword",
  "com.atproto.server.createInviteCode",
  "com.atproto.identity.updateHandle",
  "com.atproto.identity.resolveHandle",
]);

/** How long the entryway may take to answer a passed-on call. */
export const FORWARD_TIMEOUT_MS = 30_000;

/** The same method, answered by the entryway: JSON in, JSON out, the caller's credentials passed along. */
// biome-ignore lint/suspicious/noExplicitAny: any route's shape may be passed on
export function forwardToEntryway(trust: EntrywayTrust, route: Route<any, any>): Route<undefined, unknown> {
  return defineRoute({
    nsid: route.nsid,
    type: route.type,
    input: route.input === "json" ? "json" : "none",
    bodyLimit: route.bodyLimit,
    handler: async ({ params, input, req }) => {
      const headers: Record<string, string> = {};
      if (req.headers.authorization) headers.authorization = req.headers.authorization;
      if (input !== undefined) headers["content-type"] = "application/json";
      let res: Response;
      try {
        res = await fetch(`${trust.url}/xrpc/${route.nsid}${search(params)}`, {
          method: route.type === "query" ? "GET" : "POST",
          headers,
          body: input === undefined ? undefined : JSON.stringify(input),
          signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
        });
      } catch {
        throw new XRPCError(502, "UpstreamFailure", "The entryway could not be reached");
      }
      const text = await res.text();
      const body: unknown = text === "" ? undefined : JSON.parse(text);
      if (!res.ok) {
        const { error, message } = (body ?? {}) as { error?: string; message?: string };
        throw new XRPCError(
          res.status,
          error ?? "UpstreamFailure",
          message ?? `entryway status ${res.status}`,
        );
      }
      return body === undefined ? undefined : { encoding: "application/json", body };
    },
  });
}

function search(params: Params): string {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) out.append(key, v);
  }
  const text = out.toString();
  return text === "" ? "" : `?${text}`;
}
