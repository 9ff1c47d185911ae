/** Base of the errors raised when no HTTP response arrived. */
export class HTTPClientError extends Error {
  override readonly name: string = "HTTPClientError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(options?.cause ? `${message}: ${options.cause}` : message, options);
  }
}

/** Something unexpected went wrong in the client (a hook threw, fetch failed oddly). */
export class UnexpectedClientError extends HTTPClientError {
  override readonly name = "UnexpectedClientError";
}

/** The request could not be built (bad URL, bad header value). */
export class InvalidRequestError extends HTTPClientError {
  override readonly name = "InvalidRequestError";
}

/** The caller's AbortSignal fired; never retried. */
export class RequestAbortedError extends HTTPClientError {
  override readonly name = "RequestAbortedError";
}

/** `timeoutMs` elapsed before a response arrived. */
export class RequestTimeoutError extends HTTPClientError {
  override readonly name = "RequestTimeoutError";
}

/** The server could not be reached (refused, reset, DNS). */
export class ConnectionError extends HTTPClientError {
  override readonly name = "ConnectionError";
}

/** Every error a call can end with when no response arrived. */
export type ClientErrors =
  | UnexpectedClientError
  | InvalidRequestError
  | RequestAbortedError
  | RequestTimeoutError
  | ConnectionError;
