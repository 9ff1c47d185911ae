import type { HookContext } from "../hooks/types.js";
import type { XRPCError } from "../models/errors/blueskyerror.js";
import { InvalidRequestError, UnexpectedClientError } from "../models/errors/httpclienterrors.js";
import { SDKValidationError } from "../models/errors/sdkvalidationerror.js";
import { ERR, type Result } from "../types/fp.js";
import type { AuthHeaders } from "./auth.js";
import { baseURLOf } from "./config.js";
import type { Fetcher } from "./http.js";
import { toResult } from "./match.js";
import type { AnyOperation, Operation, OperationError } from "./operation.js";
import { proxyFor } from "./proxy.js";
import { type BinaryInput, operationInit, operationURL } from "./request.js";
import { check } from "./schema.js";
import type { ClientSDK, RequestOptions } from "./sdks.js";
import { send } from "./send.js";

/** The headers that authorize a call, and the session's own fetch when it signs each request (DPoP). */
type Authorized = { headers: AuthHeaders; via?: Fetcher } | undefined;

/**
 * What authorizes a call to `url`: the session's headers when it has any for that server, else the
 * client's bearer (a function is asked each call). A plain value costs no extra turn of the event loop.
 */
function authorize(client: ClientSDK, op: AnyOperation, url: string): Authorized | Promise<Authorized> {
  if (op.auth === "none") return undefined;
  const session = client._session;
  const kind = op.auth === "refresh" ? "refresh" : "access";
  const fromSession = session?.authorize({ kind, method: op.kind === "query" ? "GET" : "POST", url });
  const via: Fetcher | undefined = session?.fetch && ((input, init) => session.fetch!(input, init));
  const pick = (headers: AuthHeaders | undefined) => (headers ? { headers, via } : bearer(client));
  return fromSession instanceof Promise ? fromSession.then(pick) : pick(fromSession);
}

function bearer(client: ClientSDK): Authorized | Promise<Authorized> {
  const value = client._bearer;
  const headers = (token: string) =>
    token ? { headers: { authorization: /^bearer /i.test(token) ? token : `Bearer ${token}` } } : undefined;
  return typeof value === "function" ? value().then(headers) : headers(value ?? "");
}

type Sent = { result: Result<unknown, unknown>; auth?: AuthHeaders };

/** One pass: auth, URL, init, send, match. Failures to build the request become client errors. */
async function attemptCall(
  client: ClientSDK,
  op: AnyOperation,
  request: unknown,
  ctx: HookContext,
  options: RequestOptions,
): Promise<Sent> {
  let authorized: Authorized;
  let auth: AuthHeaders | undefined;
  let url: string;
  let init: RequestInit;
  try {
    url = operationURL(ctx.baseURL, op, request);
    const resolved = authorize(client, op, url);
    authorized = resolved instanceof Promise ? await resolved : resolved;
    auth = authorized?.headers;
    const proxy = proxyFor(op.id, options.atprotoProxy, client._options.atprotoProxy);
    init = operationInit(op, request, auth, proxy, options);
    if (client.hooks.beforeCreateRequestHooks.length) {
      const created = client.hooks.beforeCreateRequest(ctx, { url: new URL(url), options: init });
      url = created.url.href;
      init = created.options;
    }
  } catch (error) {
    if (error instanceof InvalidRequestError) return { result: ERR(error) };
    // new URL and new Headers throw TypeError on malformed input; anything else came from user code.
    const wrapped =
      error instanceof TypeError
        ? new InvalidRequestError("Invalid request", { cause: error })
        : new UnexpectedClientError("Creating the request failed", { cause: error });
    return { result: ERR(wrapped) };
  }
  return { result: await toResult(op, await send(client, url, init, ctx, options, authorized?.via)), auth };
}

/** The base URL of a call: its own `serverURL`, else the session's PDS, else the client's server. */
function baseURLFor(client: ClientSDK, options: RequestOptions): string {
  if (options.serverURL !== undefined) return baseURLOf(options.serverURL);
  return client._session?.serviceURL ?? client._baseURL;
}

/**
 * Runs one operation: validate the input, build the request, send it with retries, match the response.
 * With a session, a call its server rejected because the credentials expired runs once more after the
 * session refreshes (one refresh shared by all calls in flight). Resolves to a Result; never rejects.
 */
export async function call<Req, Res, E400 extends XRPCError<string>, E401 extends XRPCError<string>>(
  client: ClientSDK,
  op: Operation<Req, Res, E400, E401>,
  request: Req,
  options: RequestOptions = {},
): Promise<Result<Res, OperationError<Operation<Req, Res, E400, E401>>>> {
  type Out = Result<Res, OperationError<Operation<Req, Res, E400, E401>>>;
  const issues = check(op.input, request);
  if (!issues.length && client._options.validator) issues.push(...client._options.validator(op.id, request));
  if (issues.length) return ERR(new SDKValidationError("Input validation failed", request, issues));
  let baseURL: string;
  try {
    baseURL = baseURLFor(client, options);
  } catch (error) {
    return ERR(error as InvalidRequestError);
  }
  const ctx: HookContext = {
    operationID: op.id,
    baseURL,
    retryConfig: options.retries ?? client._options.retryConfig ?? { strategy: "none" },
    options,
  };
  let { result, auth } = await attemptCall(client, op, request, ctx, options);
  const session = client._session;
  if (!result.ok && auth && session && (await session.refreshAfter(result.error, auth))) {
    // A stream still here is spent (see callBinary): it cannot be sent again.
    if (op.encoding === "binary" && (request as BinaryInput).body instanceof ReadableStream) {
      return ERR(
        new InvalidRequestError("stream body over the replay limit; cannot resend", { cause: result.error }),
      ) as Out;
    }
    // The refresh may have named a new PDS (the account moved): the call goes there.
    ({ result } = await attemptCall(
      client,
      op,
      request,
      { ...ctx, baseURL: baseURLFor(client, options) },
      options,
    ));
  }
  return result as Out;
}
