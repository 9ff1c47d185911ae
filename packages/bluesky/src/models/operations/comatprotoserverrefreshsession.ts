import type { Operation } from "../../lib/operation.js";
import type { Schema } from "../../lib/schema.js";
import { type SessionData, sessionSchema } from "../components/session.js";
import {
  ComAtprotoServerRefreshSessionServerResponseBody,
  ComAtprotoServerRefreshSessionResponseBody as RefreshSessionBadRequest,
} from "../errors/comatprotoserverrefreshsession.js";

/** com.atproto.server.refreshSession takes no input: the refresh token is the credential. */
export type ComAtprotoServerRefreshSessionRequest = undefined;

/** Output of com.atproto.server.refreshSession: a new token pair (the old refresh token is spent). */
export type ComAtprotoServerRefreshSessionResponseBody = SessionData;

const nothing: Schema = (v, path, issues) => {
  if (v !== undefined) issues.push({ path, message: "expected no input" });
};

/** com.atproto.server.refreshSession: trade the refresh token for new tokens. */
export const comAtprotoServerRefreshSession: Operation<
  ComAtprotoServerRefreshSessionRequest,
  ComAtprotoServerRefreshSessionResponseBody,
  RefreshSessionBadRequest,
  ComAtprotoServerRefreshSessionServerResponseBody
> = {
  id: "com.atproto.server.refreshSession",
  kind: "procedure",
  auth: "refresh",
  input: nothing,
  output: sessionSchema,
  errors: ["AccountTakedown", "InvalidToken", "ExpiredToken"],
  badRequest: RefreshSessionBadRequest,
  unauthorized: ComAtprotoServerRefreshSessionServerResponseBody,
};
