import type { Operation } from "../../lib/operation.js";
import { bool, obj, str } from "../../lib/schema.js";
import { type SessionData, sessionSchema } from "../components/session.js";
import {
  ComAtprotoServerCreateSessionServerResponseBody,
  ComAtprotoServerCreateSessionResponseBody as CreateSessionBadRequest,
} from "../errors/comatprotoservercreatesession.js";

/** Input of com.atproto.server.createSession: log in with a handle, DID or email, and a password. */
export type ComAtprotoServerCreateSessionRequestBody = {
  identifier: string;
  password: string;
  /** The emailed code, when the account requires a second factor. */
  authFactorToken?: string;
  allowTakendown?: boolean;
};

/** Output of com.atproto.server.createSession. */
export type ComAtprotoServerCreateSessionResponseBody = SessionData;

/** com.atproto.server.createSession: log in; a wrong password is a 401. */
export const comAtprotoServerCreateSession: Operation<
  ComAtprotoServerCreateSessionRequestBody,
  ComAtprotoServerCreateSessionResponseBody,
  CreateSessionBadRequest,
  ComAtprotoServerCreateSessionServerResponseBody
> = {
  id: "com.atproto.server.createSession",
  kind: "procedure",
  auth: "none",
  input: /* @__PURE__ */ obj(
    { identifier: /* @__PURE__ */ str(), password: /* @__PURE__ */ str() },
    { authFactorToken: /* @__PURE__ */ str(), allowTakendown: bool },
  ),
  output: sessionSchema,
  errors: ["AccountTakedown", "AuthFactorTokenRequired"],
  badRequest: CreateSessionBadRequest,
  unauthorized: ComAtprotoServerCreateSessionServerResponseBody,
};
