import type { BlueskyCore } from "../core.js";
import { call } from "../lib/call.js";
import type { OperationError } from "../lib/operation.js";
import type { RequestOptions } from "../lib/sdks.js";
import {
  type ComAtprotoServerGetSessionRequest,
  type ComAtprotoServerGetSessionResponseBody,
  comAtprotoServerGetSession,
} from "../models/operations/comatprotoservergetsession.js";
import type { Result } from "../types/fp.js";

/** Every error serverGetSession can return. */
export type ServerGetSessionError = OperationError<typeof comAtprotoServerGetSession>;

/** Returns the account the current token belongs to (com.atproto.server.getSession); never rejects for a known error. */
export function serverGetSession(
  client: BlueskyCore,
  request?: ComAtprotoServerGetSessionRequest,
  options?: RequestOptions,
): Promise<Result<ComAtprotoServerGetSessionResponseBody, ServerGetSessionError>> {
  return call(client, comAtprotoServerGetSession, request, options);
}
