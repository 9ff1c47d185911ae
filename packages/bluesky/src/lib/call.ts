import type { HookContext } from "../hooks/types.js";
import type { XRPCError } from "../models/errors/blueskyerror.js";
import { InvalidRequestError, UnexpectedClientError } from "../models/errors/httpclienterrors.js";
import { SDKValidationError } from "../models/errors/sdkvalidationerror.js";
import { ERR, type Result } from "../types/fp.js";
import { baseURLOf } from "./config.js";
import { toResult } from "./match.js";
import type { AnyOperation, Operation, OperationError } from "./operation.js";
import { operationInit, operationURL } from "./request.js";
import { check } from "./schema.js";
import type { ClientSDK, RequestOptions } from "./sdks.js";
import { send } from "./send.js";

/** The token a call sends: the session's for its kind, else the client's bearer (a function is asked each call). */
function resolveToken(client: ClientSDK, op: AnyOperation): string | undefined | Promise<string> {
  if (op.auth === "none") return undefined;
  const fromSession = client._session?.token(op.auth);
  if (fromSession) return fromSession;
  const bearer = client._bearer;
  return typeof bearer === "function" ? bearer() : bearer;
}

type Sent = { result: Result<unknown, unknown>; token?: string };

/** One pass: token, URL, init, send, match. Failures to build the request become client errors. */
async function attemptCall(
  client: ClientSDK,
  op: AnyOperation,
  request: unknown,
  ctx: HookContext,
  options: RequestOptions,
): Promise<Sent> {
  let token: string | undefined;
  let url: string;
  let init: RequestInit;
  try {
    const resolved = resolveToken(client, op);
    // Only a bearer function is awaited: a plain token costs no extra turn of the event loop.
    token = typeof resolved === "object" ? await resolved : resolved;
    url = operationURL(ctx.baseURL, op, request);
    init = operationInit(op, request, token, options);
    if (client.hooks.beforeCreateRequestHooks.length) {
      const created = client.hooks.beforeCreateRequest(ctx, { url: new URL(url), options: init });
      url = created.url.href;
      init = created.options;
    }
  } catch (error) {
    // new URL and new Headers throw TypeError on malformed input; anything else came from user code.
    const wrapped =
      error instanceof TypeError
        ? new InvalidRequestError("Invalid request", { cause: error })
        : new UnexpectedClientError("Creating the request failed", { cause: error });
    return { result: ERR(wrapped) };
  }
  return { result: await toResult(op, await send(client, url, init, ctx, options)), token };
}

/**
 * Runs one operation: validate the input, build the request, send it with retries, match the response.
 * With a session, a call rejected with `ExpiredToken` refreshes the session (one refresh shared by all
 * calls in flight) and runs once more. Resolves to a Result; never rejects.
 */
export async function call<Req, Res, E400 extends XRPCError<string>, E401 extends XRPCError<string>>(
  client: ClientSDK,
  op: Operation<Req, Res, E400, E401>,
  request: Req,
  options: RequestOptions = {},
): Promise<Result<Res, OperationError<Operation<Req, Res, E400, E401>>>> {
  const issues = check(op.input, request);
  if (!issues.length && client._options.validator) issues.push(...client._options.validator(op.id, request));
  if (issues.length) return ERR(new SDKValidationError("Input validation failed", request, issues));
  let baseURL = client._baseURL;
  if (options.serverURL !== undefined) {
    try {
      baseURL = baseURLOf(options.serverURL);
    } catch (error) {
      return ERR(error as InvalidRequestError);
    }
  }
  const ctx: HookContext = {
    operationID: op.id,
    baseURL,
    retryConfig: options.retries ?? client._options.retryConfig ?? { strategy: "none" },
    options,
  };
  let { result, token } = await attemptCall(client, op, request, ctx, options);
  const session = client._session;
  const expired = !result.ok && (result.error as XRPCError).error === "ExpiredToken";
  if (expired && op.auth === "access" && session && (await session.refresh(token))) {
    ({ result } = await attemptCall(client, op, request, ctx, options));
  }
  return result as Result<Res, OperationError<Operation<Req, Res, E400, E401>>>;
}
