import type { APIError } from "../models/errors/apierror.js";
import type { XRPCError, XRPCErrorBody } from "../models/errors/blueskyerror.js";
import type { ClientErrors } from "../models/errors/httpclienterrors.js";
import type { ResponseValidationError, SDKValidationError } from "../models/errors/sdkvalidationerror.js";
import type {
  BadRequest,
  InternalServerError,
  NotFound,
  RateLimited,
  Timeout,
  Unauthorized,
} from "../models/errors/shared.js";
import type { Schema } from "./schema.js";
import type { AuthKind } from "./sdks.js";

/** Constructor of an operation's own 400 or 401 error class. */
export type XRPCErrorClass<E> = new (response: Response, body: string, data: XRPCErrorBody) => E;

/**
 * One XRPC operation as data: everything that differs between operations. Request building, auth,
 * retries, response matching and errors are written once, in `call.ts`, and read this.
 */
export type Operation<Req, Res, E400 extends XRPCError<string>, E401 extends XRPCError<string>> = {
  /** The NSID; the path is `/xrpc/<id>`. */
  readonly id: string;
  /** `query` is GET with the request as URL parameters; `procedure` is POST with it as the body. */
  readonly kind: "query" | "procedure";
  readonly auth: AuthKind;
  /** `binary` procedures send `request.body` as is, with `request.contentType`. */
  readonly encoding?: "json" | "binary";
  /** What a success carries: JSON (the default, checked by `output`), bytes, or nothing. */
  readonly response?: "binary" | "none";
  readonly input: Schema;
  readonly output?: Schema;
  /** The error names the lexicon declares (the 400 class's `error` is typed with these, left open). */
  readonly errors: readonly string[];
  /** Error class for status 400 with a JSON body. */
  readonly badRequest: XRPCErrorClass<E400>;
  /** Error class for status 401 with a JSON body. */
  readonly unauthorized: XRPCErrorClass<E401>;
  /** Carries the request and response types; never set. */
  readonly types?: { request: Req; response: Res };
};

/** Any operation. */
// biome-ignore lint/suspicious/noExplicitAny: the variance of an operation's type parameters is irrelevant here
export type AnyOperation = Operation<any, any, any, any>;

/** Errors every operation can end with, besides its own 400 and 401 classes. */
export type CommonErrors =
  | Unauthorized
  | NotFound
  | Timeout
  | BadRequest
  | RateLimited
  | InternalServerError
  | APIError
  | ResponseValidationError
  | SDKValidationError
  | ClientErrors;

/** The exact error union of an operation's Result. */
export type OperationError<Op> =
  Op extends Operation<infer _Req, infer _Res, infer E400, infer E401> ? E400 | E401 | CommonErrors : never;
