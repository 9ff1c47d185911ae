import { type AuthErrorName, type GenericErrorName, XRPCError } from "./blueskyerror.js";

/** XRPC error names createAccount's 400 may carry: the lexicon's (`InvalidHandle`, `InvalidPassword`, `InvalidInviteCode`, `HandleNotAvailable`, `UnsupportedDomain`, `UnresolvableDid`, `IncompatibleDidDoc`) plus the generic ones, open to new names. */
export type ComAtprotoServerCreateAccountError =
  | "InvalidHandle"
  | "InvalidPassword"
  | "InvalidInviteCode"
  | "HandleNotAvailable"
  | "UnsupportedDomain"
  | "UnresolvableDid"
  | "IncompatibleDidDoc"
  | GenericErrorName
  | (string & {});

/** createAccount answered 400. */
export class ComAtprotoServerCreateAccountResponseBody extends XRPCError<ComAtprotoServerCreateAccountError> {
  override readonly name = "ComAtprotoServerCreateAccountResponseBody";
}

/** createAccount answered 401: credentials missing or rejected. */
export class ComAtprotoServerCreateAccountServerResponseBody extends XRPCError<AuthErrorName> {
  override readonly name = "ComAtprotoServerCreateAccountServerResponseBody";
}
