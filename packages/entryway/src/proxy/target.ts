import type { IncomingMessage } from "node:http";
import type { Location, Locator } from "../directory/locator.js";

/**
 * Whose repo a request is about, for routing: the session's DID (read from the bearer token without
 * verifying it: the cell verifies), else the `repo` or `did` query parameter (a handle or a DID).
 */
export function routingKey(req: IncomingMessage, search: URLSearchParams): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith("Bearer ")) {
    const sub = jwtSubject(auth.slice(7));
    if (sub !== undefined) return sub;
  }
  return search.get("repo") ?? search.get("did") ?? undefined;
}

/** The cell to send the request to, or null when the request names no account the directory knows. */
export async function requestTarget(
  locator: Locator,
  req: IncomingMessage,
  search: URLSearchParams,
): Promise<Location | null> {
  const key = routingKey(req, search);
  return key === undefined || key.length > 2048
    ? null
    : locator.locate(key.toLowerCase().startsWith("did:") ? key : key.toLowerCase());
}

function jwtSubject(token: string): string | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const sub = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"))?.sub;
    return typeof sub === "string" && sub.startsWith("did:") ? sub : undefined;
  } catch {
    return undefined;
  }
}
