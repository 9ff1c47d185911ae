import type { BlueskyCore } from "../core.js";
import { call } from "../lib/call.js";
import type { OperationError } from "../lib/operation.js";
import type { RequestOptions } from "../lib/sdks.js";
import {
  type ComAtprotoServerRefreshSessionRequest,
  type ComAtprotoServerRefreshSessionResponseBody,
  comAtprotoServerRefreshSession,
} from "../models/operations/comatprotoserverrefreshsession.js";
import type { Result } from "../types/fp.js";

/** Every error serverRefreshSession can return. */
export type ServerRefreshSessionError = OperationError<typeof comAtprotoServerRefreshSession>;

/** Trades the refresh token (session or bearer) for new tokens (com.atproto.server.refreshSession); never rejects for a known error. */
export function serverRefreshSession(
  client: BlueskyCore,
  request?: ComAtprotoServerRefreshSessionRequest,
  options?: RequestOptions,
): Promise<Result<ComAtprotoServerRefreshSessionResponseBody, ServerRefreshSessionError>> {
  return call(client, comAtprotoServerRefreshSession, request, options);
}
