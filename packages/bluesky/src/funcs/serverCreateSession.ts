import type { BlueskyCore } from "../core.js";
import { call } from "../lib/call.js";
import type { OperationError } from "../lib/operation.js";
import type { RequestOptions } from "../lib/sdks.js";
import {
  type ComAtprotoServerCreateSessionRequestBody,
  type ComAtprotoServerCreateSessionResponseBody,
  comAtprotoServerCreateSession,
} from "../models/operations/comatprotoservercreatesession.js";
import type { Result } from "../types/fp.js";

/** Every error serverCreateSession can return. */
export type ServerCreateSessionError = OperationError<typeof comAtprotoServerCreateSession>;

/** Logs in and returns the session tokens (com.atproto.server.createSession); never rejects for a known error. */
export function serverCreateSession(
  client: BlueskyCore,
  request: ComAtprotoServerCreateSessionRequestBody,
  options?: RequestOptions,
): Promise<Result<ComAtprotoServerCreateSessionResponseBody, ServerCreateSessionError>> {
  return call(client, comAtprotoServerCreateSession, request, options);
}
