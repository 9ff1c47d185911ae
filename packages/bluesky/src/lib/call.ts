import type { HookContext } from "../hooks/types.js";
import type { XRPCError } from "../models/errors/blueskyerror.js";
import { InvalidRequestError, UnexpectedClientError } from "../models/errors/httpclienterrors.js";
import { SDKValidationError } from "../models/errors/sdkvalidationerror.js";
import { ERR, type Result } from "../types/fp.js";
import type { AuthHeaders } from "./auth.js";
import { bufferStream } from "./body.js";
import { baseURLOf } from "./config.js";
import { toResult } from "./match.js";
import type { AnyOperation, Operation, OperationError } from "./operation.js";
import { proxyFor } from "./proxy.js";
import { type BinaryInput, operationInit, operationURL } from "./request.js";
import { check } from "./schema.js";
import type { ClientSDK, RequestOptions } from "./sdks.js";
import { send } from "./send.js";

/**
 * The headers that authorize a call to `url`: the session's when it has any for that server, else the
 * client's bearer (a function is asked each call). A plain value costs no extra turn of the event loop.
 */
function authorize(
  client: ClientSDK,
  op: AnyOperation,
  url: string,
): AuthHeaders | undefined | Promise<AuthHeaders | undefined> {
  if (op.auth === "none") return undefined;
  const fromSession = client._session?.authorize({
    kind: op.auth === "refresh" ? "refresh" : "access",
    method: op.kind === "query" ? "GET" : "POST",
    url,
  });
  if (fromSession === undefined) return bearerHeaders(client);
  if (!(fromSession instanceof Promise)) return fromSession;
  return fromSession.then((headers) => headers ?? bearerHeaders(client));
}

function bearerHeaders(client: ClientSDK): AuthHeaders | undefined | Promise<AuthHeaders | undefined> {
  const bearer = client._bearer;
  if (typeof bearer !== "function") return bearer ? { authorization: bearerValue(bearer) } : undefined;
  return bearer().then((token) => (token ? { authorization: bearerValue(token) } : undefined));
}

const bearerValue = (token: string) => (/^bearer /i.test(token) ? token : `Bearer ${token}`);

type Sent = { result: Result<unknown, unknown>; auth?: AuthHeaders };

/** One pass: auth, URL, init, send, match. Failures to build the request become client errors. */
async function attemptCall(
  client: ClientSDK,
  op: AnyOperation,
  request: unknown,
  ctx: HookContext,
  options: RequestOptions,
): Promise<Sent> {
  let auth: AuthHeaders | undefined;
  let url: string;
  let init: RequestInit;
  try {
    url = operationURL(ctx.baseURL, op, request);
    const resolved = authorize(client, op, url);
    auth = resolved instanceof Promise ? await resolved : resolved;
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
  return { result: await toResult(op, await send(client, url, init, ctx, options)), auth };
}

/**
 * A binary request whose stream body may have to be sent twice (a retry, or again after a session
 * refresh) gets its body read into memory first, up to a limit; past the limit it is sent once.
 */
async function replayable(client: ClientSDK, op: AnyOperation, request: unknown, ctx: HookContext) {
  const input = request as BinaryInput | undefined;
  if (op.encoding !== "binary" || !(input?.body instanceof ReadableStream)) return request;
  const mayResend = ctx.retryConfig.strategy === "backoff" || (client._session && op.auth !== "none");
  return mayResend ? { ...input, body: await bufferStream(input.body) } : request;
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
  let body: unknown;
  try {
    body = await replayable(client, op, request, ctx);
  } catch (error) {
    return ERR(new UnexpectedClientError("Reading the request body failed", { cause: error }));
  }
  let { result, auth } = await attemptCall(client, op, body, ctx, options);
  const session = client._session;
  if (!result.ok && auth && session && (await session.refreshAfter(result.error, auth))) {
    if (op.encoding === "binary" && (body as BinaryInput).body instanceof ReadableStream) {
      const message = `the upload body was a stream over the replay limit and is spent; it cannot be sent again after the session refresh (pass a Blob or Uint8Array)`;
      return ERR(new InvalidRequestError(message, { cause: result.error })) as Out;
    }
    ({ result } = await attemptCall(client, op, body, ctx, options));
  }
  return result as Out;
}
