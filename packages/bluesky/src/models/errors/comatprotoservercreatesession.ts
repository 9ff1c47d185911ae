import { type AuthErrorName, type GenericErrorName, XRPCError } from "./blueskyerror.js";

/** XRPC error names createSession's 400 may carry: the lexicon's (`AccountTakedown`, `AuthFactorTokenRequired`) plus the generic ones, open to new names. */
export type ComAtprotoServerCreateSessionError =
  | "AccountTakedown"
  | "AuthFactorTokenRequired"
  | GenericErrorName
  | (string & {});

/** createSession answered 400. */
export class ComAtprotoServerCreateSessionResponseBody extends XRPCError<ComAtprotoServerCreateSessionError> {
  override readonly name = "ComAtprotoServerCreateSessionResponseBody";
}

/** createSession answered 401: credentials missing or rejected. */
export class ComAtprotoServerCreateSessionServerResponseBody extends XRPCError<AuthErrorName> {
  override readonly name = "ComAtprotoServerCreateSessionServerResponseBody";
}
