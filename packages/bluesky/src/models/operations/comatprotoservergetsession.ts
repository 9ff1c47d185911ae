import type { Operation } from "../../lib/operation.js";
import { anyObject, anyStr, bool, maybe, obj } from "../../lib/schema.js";
import type { AccountStatus } from "../components/session.js";
import {
  ComAtprotoServerGetSessionServerResponseBody,
  ComAtprotoServerGetSessionResponseBody as GetSessionBadRequest,
} from "../errors/comatprotoservergetsession.js";

/** com.atproto.server.getSession has no parameters. */
export type ComAtprotoServerGetSessionRequest = Record<string, never> | undefined;

/** Output of com.atproto.server.getSession: the account the access token belongs to. */
export type ComAtprotoServerGetSessionResponseBody = {
  handle: string;
  did: string;
  didDoc?: Record<string, unknown>;
  email?: string;
  emailConfirmed?: boolean;
  emailAuthFactor?: boolean;
  active?: boolean;
  status?: AccountStatus;
};

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
  output: /* @__PURE__ */ obj(
    { handle: anyStr, did: anyStr },
    {
      didDoc: anyObject,
      email: anyStr,
      emailConfirmed: bool,
      emailAuthFactor: bool,
      active: bool,
      status: anyStr,
    },
  ),
  errors: [],
  badRequest: GetSessionBadRequest,
  unauthorized: ComAtprotoServerGetSessionServerResponseBody,
};
