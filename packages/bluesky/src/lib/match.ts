import { APIError } from "../models/errors/apierror.js";
import type { XRPCError, XRPCErrorBody } from "../models/errors/blueskyerror.js";
import { ResponseValidationError } from "../models/errors/sdkvalidationerror.js";
import {
  BadRequest,
  InternalServerError,
  NotFound,
  RateLimited,
  Timeout,
  Unauthorized,
} from "../models/errors/shared.js";
import { ERR, OK, type Result } from "../types/fp.js";
import { toClientError } from "./client-errors.js";
import type { AnyOperation, XRPCErrorClass } from "./operation.js";
import type { Attempt } from "./retries.js";
import { check, isPlainObject } from "./schema.js";

/** The error table of the API page, for every status but 400 and 401 (those are per operation). */
const BY_STATUS: Record<number, XRPCErrorClass<XRPCError>> = {
  403: Unauthorized,
  407: Unauthorized,
  511: Unauthorized,
  404: NotFound,
  501: NotFound,
  505: NotFound,
  408: Timeout,
  504: Timeout,
  413: BadRequest,
  414: BadRequest,
  415: BadRequest,
  422: BadRequest,
  431: BadRequest,
  510: BadRequest,
  429: RateLimited,
  500: InternalServerError,
  502: InternalServerError,
  503: InternalServerError,
  506: InternalServerError,
  507: InternalServerError,
  508: InternalServerError,
};

function parseJSON(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Maps the final attempt to the operation's Result. A 2XX must be JSON and match the output schema. An
 * error status with a JSON object body becomes the class the table names (400 and 401 need a string
 * `error`, the XRPC name); anything else, a non-JSON body included, becomes APIError.
 */
export async function toResult(op: AnyOperation, outcome: Attempt): Promise<Result<unknown, unknown>> {
  if (!(outcome instanceof Response)) return ERR(outcome);
  const status = outcome.status;
  let text: string;
  try {
    text = await outcome.text();
  } catch (error) {
    return ERR(toClientError(error));
  }
  const isJSON = /[/+]json\b/i.test(outcome.headers.get("content-type") ?? "");
  const data = isJSON ? parseJSON(text) : undefined;
  if (status >= 200 && status < 300 && data !== undefined) {
    const issues = check(op.output, data);
    return issues.length ? ERR(new ResponseValidationError(outcome, text, data, issues)) : OK(data);
  }
  // Procedures without output (deleteSession, deleteAccount) answer 200 with no body.
  if (status >= 200 && status < 300 && text === "" && !check(op.output, undefined).length)
    return OK(undefined);
  if (status >= 400 && isPlainObject(data)) {
    const body = data as XRPCErrorBody;
    const perOperation = status === 400 ? op.badRequest : status === 401 ? op.unauthorized : undefined;
    if (perOperation && typeof body.error === "string") return ERR(new perOperation(outcome, text, body));
    const shared = BY_STATUS[status];
    if (shared) return ERR(new shared(outcome, text, body));
  }
  return ERR(
    new APIError(
      status >= 400 ? "API error occurred" : "Unexpected API response status or content-type",
      outcome,
      text,
    ),
  );
}
