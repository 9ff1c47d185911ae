/** Base of every error that came with an HTTP response: it keeps the status, headers, body and raw Response. */
export class BlueskyError extends Error {
  readonly statusCode: number;
  readonly headers: Headers;
  readonly contentType: string;
  /** The response body as text, already read (the raw Response's body is consumed). */
  readonly body: string;
  readonly rawResponse: Response;

  constructor(message: string, response: Response, body: string) {
    super(message);
    this.statusCode = response.status;
    this.headers = response.headers;
    this.contentType = response.headers.get("content-type") ?? "";
    this.body = body;
    this.rawResponse = response;
  }
}

/** The JSON body XRPC servers send with an error status. */
export type XRPCErrorBody = { error?: string; message?: string; [key: string]: unknown };

/**
 * An error status with a JSON body. `error` is the XRPC error name: an open string, because servers add names
 * faster than lexicons list them, and an unknown name must not turn into a validation failure.
 */
export class XRPCError<E extends string | undefined = string | undefined> extends BlueskyError {
  readonly error: E;
  /** The parsed body, unknown keys included. */
  readonly data$: XRPCErrorBody;

  constructor(response: Response, body: string, data: XRPCErrorBody) {
    super(typeof data.message === "string" ? data.message : `API error occurred: ${body}`, response, body);
    this.error = data.error as E;
    this.data$ = data;
  }
}

/** Error names any XRPC call may get with a 400, besides its lexicon's own. */
export type GenericErrorName = "InvalidRequest" | "ExpiredToken" | "InvalidToken";

/** Error names of a 401. Open: servers differ (`AuthMissing`, `AuthenticationRequired`, ...). */
export type AuthErrorName =
  | "AuthMissing"
  | "AuthenticationRequired"
  | "InvalidToken"
  | "ExpiredToken"
  | (string & {});
