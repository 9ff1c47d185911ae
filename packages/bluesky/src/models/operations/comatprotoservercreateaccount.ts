import type { Operation } from "../../lib/operation.js";
import { anyObject, anyStr, obj, str } from "../../lib/schema.js";
import {
  ComAtprotoServerCreateAccountServerResponseBody,
  ComAtprotoServerCreateAccountResponseBody as CreateAccountBadRequest,
} from "../errors/comatprotoservercreateaccount.js";

/** Input of com.atproto.server.createAccount. */
export type ComAtprotoServerCreateAccountRequestBody = {
  handle: string;
  email?: string;
  /** Bring an existing DID (account migration). */
  did?: string;
  inviteCode?: string;
  verificationCode?: string;
  verificationPhone?: string;
  password?: string;
  recoveryKey?: string;
  plcOp?: Record<string, unknown>;
};

/** Output of com.atproto.server.createAccount: the new account, already logged in. */
export type ComAtprotoServerCreateAccountResponseBody = {
  accessJwt: string;
  refreshJwt: string;
  handle: string;
  did: string;
  didDoc?: Record<string, unknown>;
};

const text = /* @__PURE__ */ str();

/** com.atproto.server.createAccount: create an account on this PDS. */
export const comAtprotoServerCreateAccount: Operation<
  ComAtprotoServerCreateAccountRequestBody,
  ComAtprotoServerCreateAccountResponseBody,
  CreateAccountBadRequest,
  ComAtprotoServerCreateAccountServerResponseBody
> = {
  id: "com.atproto.server.createAccount",
  kind: "procedure",
  auth: "none",
  input: /* @__PURE__ */ obj(
    { handle: text },
    {
      email: text,
      did: text,
      inviteCode: text,
      verificationCode: text,
      verificationPhone: text,
      password: text,
      recoveryKey: text,
      plcOp: anyObject,
    },
  ),
  output: /* @__PURE__ */ obj(
    { accessJwt: anyStr, refreshJwt: anyStr, handle: anyStr, did: anyStr },
    { didDoc: anyObject },
  ),
  errors: [
    "InvalidHandle",
    "InvalidPassword",
    "InvalidInviteCode",
    "HandleNotAvailable",
    "UnsupportedDomain",
    "UnresolvableDid",
    "IncompatibleDidDoc",
  ],
  badRequest: CreateAccountBadRequest,
  unauthorized: ComAtprotoServerCreateAccountServerResponseBody,
};
