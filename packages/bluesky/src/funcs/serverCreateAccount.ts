import type { BlueskyCore } from "../core.js";
import { call } from "../lib/call.js";
import type { OperationError } from "../lib/operation.js";
import type { RequestOptions } from "../lib/sdks.js";
import {
  type ComAtprotoServerCreateAccountRequestBody,
  type ComAtprotoServerCreateAccountResponseBody,
  comAtprotoServerCreateAccount,
} from "../models/operations/comatprotoservercreateaccount.js";
import type { Result } from "../types/fp.js";

/** Every error serverCreateAccount can return. */
export type ServerCreateAccountError = OperationError<typeof comAtprotoServerCreateAccount>;

/** Creates an account on the PDS (com.atproto.server.createAccount); never rejects for a known error. */
export function serverCreateAccount(
  client: BlueskyCore,
  request: ComAtprotoServerCreateAccountRequestBody,
  options?: RequestOptions,
): Promise<Result<ComAtprotoServerCreateAccountResponseBody, ServerCreateAccountError>> {
  return call(client, comAtprotoServerCreateAccount, request, options);
}
