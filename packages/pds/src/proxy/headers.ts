import type { IncomingHttpHeaders, IncomingMessage } from "node:http";

/** Upstream answer headers passed to the client besides the content ones (the reference's list). */
const PASSED_RESPONSE_HEADERS = ["atproto-repo-rev", "atproto-content-labelers", "retry-after"];
const CONTENT_HEADERS = ["content-length", "content-encoding", "content-type", "content-language"];

/** The upstream answer's headers a client gets: content headers (when the body is passed) and the list. */
export function passedHeaders(headers: IncomingHttpHeaders, withContent: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of withContent
    ? [...CONTENT_HEADERS, ...PASSED_RESPONSE_HEADERS]
    : PASSED_RESPONSE_HEADERS) {
    const value = headers[name];
    if (value !== undefined && value !== "") out[name] = Array.isArray(value) ? value.join(",") : value;
  }
  return out;
}

/**
 * The client's headers sent upstream: language, labeler and topic preferences, every `x-atproto-*`
 * header, and for a body its type, coding and length. Nothing else: not the client's credentials, its
 * cookies or its address.
 */
export function forwardedHeaders(
  req: IncomingMessage,
  withBody: boolean,
): Record<string, string | undefined> {
  const h = req.headers;
  const out: Record<string, string | undefined> = {
    "accept-language": single(h["accept-language"]),
    "atproto-accept-labelers": single(h["atproto-accept-labelers"]),
    "x-bsky-topics": single(h["x-bsky-topics"]),
  };
  for (const name of Object.keys(h)) {
    if (name.startsWith("x-atproto-")) out[name] = single(h[name]);
  }
  if (withBody) {
    out["content-type"] = single(h["content-type"]);
    out["content-encoding"] = single(h["content-encoding"]);
    out["content-length"] = single(h["content-length"]);
  }
  return out;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}

/** A request header's first value (Node gives repeated headers as a list). */
export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
