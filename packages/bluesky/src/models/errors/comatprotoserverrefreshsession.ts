import { type AuthErrorName, type GenericErrorName, XRPCError } from "./blueskyerror.js";

/** XRPC error names refreshSession's 400 may carry: the lexicon's (`AccountTakedown`) plus the generic ones, open to new names. */
export type ComAtprotoServerRefreshSessionError = "AccountTakedown" | GenericErrorName | (string & {});

/** refreshSession answered 400. */
export class ComAtprotoServerRefreshSessionResponseBody extends XRPCError<ComAtprotoServerRefreshSessionError> {
  override readonly name = "ComAtprotoServerRefreshSessionResponseBody";
}

/** refreshSession answered 401: credentials missing or rejected. */
export class ComAtprotoServerRefreshSessionServerResponseBody extends XRPCError<AuthErrorName> {
  override readonly name = "ComAtprotoServerRefreshSessionServerResponseBody";
}
