import type { Operation } from "../../lib/operation.js";
import { anyObject, maybe } from "../../lib/schema.js";
import { type SessionAccount, sessionAccountSchema } from "../components/session.js";
import {
  ComAtprotoServerGetSessionServerResponseBody,
  ComAtprotoServerGetSessionResponseBody as GetSessionBadRequest,
} from "../errors/comatprotoservergetsession.js";

/** com.atproto.server.getSession has no parameters. */
export type ComAtprotoServerGetSessionRequest = Record<string, never> | undefined;

/** Output of com.atproto.server.getSession: the account the access token belongs to. */
export type ComAtprotoServerGetSessionResponseBody = SessionAccount;

/** com.atproto.server.getSession: who the current token belongs to. */
export const comAtprotoServerGetSession: Operation<
  ComAtprotoServerGetSessionRequest,
  ComAtprotoServerGetSessionResponseBody,
  GetSessionBadRequest,
  ComAtprotoServerGetSessionServerResponseBody
> = {
  id: "com.atproto.server.getSession",
  kind: "query",
  auth: "access",
  input: /* @__PURE__ */ maybe(anyObject),
  output: sessionAccountSchema,
  errors: [],
  badRequest: GetSessionBadRequest,
  unauthorized: ComAtprotoServerGetSessionServerResponseBody,
};
