import { type AuthErrorName, type GenericErrorName, XRPCError } from "./blueskyerror.js";

/** XRPC error names getSession's 400 may carry: no lexicon-specific ones; the generic ones, open to new names. */
export type ComAtprotoServerGetSessionError = GenericErrorName | (string & {});

/** getSession answered 400. */
export class ComAtprotoServerGetSessionResponseBody extends XRPCError<ComAtprotoServerGetSessionError> {
  override readonly name = "ComAtprotoServerGetSessionResponseBody";
}

/** getSession answered 401: credentials missing or rejected. */
export class ComAtprotoServerGetSessionServerResponseBody extends XRPCError<AuthErrorName> {
  override readonly name = "ComAtprotoServerGetSessionServerResponseBody";
}
