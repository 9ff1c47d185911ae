import type { IncomingHttpHeaders } from "node:http";
import { OutboundError } from "../net/errors.js";
import type { OutboundResponse } from "../net/outbound.js";
import { readLimited } from "../net/read-body.js";
import { XRPCError } from "../xrpc/errors.js";
import { passedHeaders } from "./headers.js";

/** The largest error body read from an upstream (its `error` and `message` are all that is kept). */
const MAX_ERROR_BYTES = 64 * 1024;

/**
 * An upstream's error answer, passed on with its status, `error` and `message` (500 becomes 502
 * UpstreamFailure, as the reference), and the headers a client needs (Retry-After, the repo rev).
 */
export class UpstreamError extends XRPCError {
  constructor(
    status: number,
    error: string,
    message: string,
    readonly upstreamHeaders: IncomingHttpHeaders,
  ) {
    super(status === 500 ? 502 : status, error, message, passedHeaders(upstreamHeaders, false));
  }

  /** Reads an error answer's JSON body (bounded; a body that is not JSON gives a bare error). */
  static async from(url: string, res: OutboundResponse): Promise<UpstreamError> {
    let error: unknown;
    let message: unknown;
    const json = /application\/(?:\w+\+)?json/i.test(String(res.headers["content-type"] ?? ""));
    if (json) {
      try {
        const body = JSON.parse((await readLimited(url, res, MAX_ERROR_BYTES)).toString("utf8"));
        error = body?.error;
        message = body?.message;
      } catch {
        // an unreadable error body still passes the status on
      }
    } else {
      res.body.resume();
    }
    const status = res.status === 500 ? 502 : res.status;
    const name = typeof error === "string" ? error : status === 502 ? "UpstreamFailure" : defaultName(status);
    return new UpstreamError(res.status, name, typeof message === "string" ? message : name, res.headers);
  }
}

function defaultName(status: number): string {
  if (status === 401) return "AuthenticationRequired";
  if (status === 403) return "Forbidden";
  if (status === 404) return "NotFound";
  if (status === 429) return "RateLimitExceeded";
  if (status === 501) return "MethodNotImplemented";
  return status < 500 ? "InvalidRequest" : "UpstreamFailure";
}

/** An upstream that could not be reached or answered too slowly: 502 UpstreamFailure. */
export function upstreamUnreachable(err: unknown): XRPCError {
  const detail =
    err instanceof OutboundError && err.reason === "timeout"
      ? "Upstream service timed out"
      : "Upstream service unreachable";
  return new XRPCError(502, "UpstreamFailure", detail);
}
