import { XRPCError } from "./blueskyerror.js";

/** The client was not authenticated correctly (403, 407, 511). */
export class Unauthorized extends XRPCError {
  override readonly name = "Unauthorized";
}

/** The resource or route does not exist (404, 501, 505). */
export class NotFound extends XRPCError {
  override readonly name = "NotFound";
}

/** The request timed out on the server side (408, 504). */
export class Timeout extends XRPCError {
  override readonly name = "Timeout";
}

/** The caller sent something the server cannot take (413, 414, 415, 422, 431, 510). */
export class BadRequest extends XRPCError {
  override readonly name = "BadRequest";
}

/** The caller is being rate limited (429); `headers` carries `Retry-After` and the rate-limit headers. */
export class RateLimited extends XRPCError {
  override readonly name = "RateLimited";
}

/** The server failed in an unexpected way (500, 502, 503, 506, 507, 508). */
export class InternalServerError extends XRPCError {
  override readonly name = "InternalServerError";
}
