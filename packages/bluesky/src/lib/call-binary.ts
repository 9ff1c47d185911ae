import type { XRPCError } from "../models/errors/blueskyerror.js";
import { UnexpectedClientError } from "../models/errors/httpclienterrors.js";
import { ERR, type Result } from "../types/fp.js";
import { bufferStream } from "./body.js";
import { call } from "./call.js";
import type { Operation, OperationError } from "./operation.js";
import type { BinaryInput } from "./request.js";
import type { ClientSDK, RequestOptions } from "./sdks.js";

/**
 * `call` for a procedure whose input is bytes (uploadBlob, importRepo). A stream body that may have to
 * be sent twice (a retry, or again after a session refresh) is read into memory first, up to
 * REPLAYABLE_STREAM_LIMIT; past it, it is sent once. Kept apart from `call` so that apps without binary
 * inputs do not carry it.
 */
export async function callBinary<Res, E400 extends XRPCError<string>, E401 extends XRPCError<string>>(
  client: ClientSDK,
  op: Operation<BinaryInput, Res, E400, E401>,
  request: BinaryInput,
  options: RequestOptions = {},
): Promise<Result<Res, OperationError<Operation<BinaryInput, Res, E400, E401>>>> {
  const retries = options.retries ?? client._options.retryConfig;
  const mayResend = retries?.strategy === "backoff" || (client._session && op.auth !== "none");
  if (!(request?.body instanceof ReadableStream) || !mayResend) return call(client, op, request, options);
  let body: Blob | ReadableStream<Uint8Array>;
  try {
    body = await bufferStream(request.body);
  } catch (error) {
    return ERR(new UnexpectedClientError("Reading the request body failed", { cause: error }));
  }
  return call(client, op, { ...request, body }, options);
}
