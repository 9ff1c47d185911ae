/** An XRPC error: the HTTP status, the `error` name and a message, rendered as `{error, message}`. */
export class XRPCError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "XRPCError";
  }

  /** The JSON body sent to the client. */
  toJSON(): { error: string; message: string } {
    return { error: this.error, message: this.message };
  }
}

/** 400: the request is malformed or breaks a rule; `error` defaults to `InvalidRequest`. */
export class InvalidRequestError extends XRPCError {
  constructor(message: string, error = "InvalidRequest") {
    super(400, error, message);
  }
}

/** 401: no usable credentials; `error` defaults to `AuthenticationRequired`. */
export class AuthRequiredError extends XRPCError {
  constructor(message = "Authentication Required", error = "AuthenticationRequired") {
    super(401, error, message, { "WWW-Authenticate": 'Bearer realm="atproto"' });
  }
}

/** 403: authenticated, but not allowed. */
export class ForbiddenError extends XRPCError {
  constructor(message = "Forbidden", error = "Forbidden") {
    super(403, error, message);
  }
}

/** 404: no such resource. */
export class NotFoundError extends XRPCError {
  constructor(message = "Not Found", error = "NotFound") {
    super(404, error, message);
  }
}

/** 413: the request body is over the route's limit (the reference's name and message). */
export class PayloadTooLargeError extends XRPCError {
  constructor(headers: Record<string, string> = {}) {
    super(413, "PayloadTooLargeError", "request entity too large", headers);
  }
}

/** 415: a body in a coding or charset the server does not read; the reference names it per parser. */
export class UnsupportedMediaTypeError extends XRPCError {
  constructor(message: string, error = "UnsupportedMediaTypeError") {
    super(415, error, message);
  }
}

/** 429: a rate limit was exceeded; carries the RateLimit-* and Retry-After headers. */
export class RateLimitExceededError extends XRPCError {
  constructor(headers: Record<string, string>, message = "Rate Limit Exceeded") {
    super(429, "RateLimitExceeded", message, headers);
  }
}

/** 501: no route serves this NSID. */
export class MethodNotImplementedError extends XRPCError {
  constructor() {
    super(501, "MethodNotImplemented", "Method Not Implemented");
  }
}

/**
 * An answer given up after its headers were sent, for a reason already logged where it was decided (a
 * server limit cut off a slow client): the connection is dropped and nothing more is logged.
 */
export class ResponseAbandonedError extends Error {
  constructor(readonly reason: string) {
    super(`response abandoned: ${reason}`);
    this.name = "ResponseAbandonedError";
  }
}

/** 500 without details: whatever went wrong stays in the server log. */
export class InternalServerError extends XRPCError {
  constructor() {
    super(500, "InternalServerError", "Internal Server Error");
  }
}

/** 507: the disk is full; the write was not made (and nothing acknowledged was lost). */
export class InsufficientStorageError extends XRPCError {
  constructor() {
    super(507, "InsufficientStorage", "The server is out of storage space; try again later");
  }
}

// What Node (ENOSPC, EDQUOT) and SQLite (SQLITE_FULL) call a full disk or an exhausted quota.
const STORAGE_FULL = new Set(["ENOSPC", "EDQUOT", "SQLITE_FULL"]);

/**
 * Turns anything thrown by a handler into an XRPCError: a full disk is 507 (the request may be
 * retried once space is freed), other unknown failures a bare 500.
 */
export function toXrpcError(err: unknown): XRPCError {
  if (err instanceof XRPCError) return err;
  if (STORAGE_FULL.has((err as { code?: string } | null)?.code ?? "")) return new InsufficientStorageError();
  return new InternalServerError();
}
