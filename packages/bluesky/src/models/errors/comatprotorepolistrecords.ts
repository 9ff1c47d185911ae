import { type AuthErrorName, type GenericErrorName, XRPCError } from "./blueskyerror.js";

/** XRPC error names listRecords's 400 may carry: no lexicon-specific ones; the generic ones, open to new names. */
export type ComAtprotoRepoListRecordsError = GenericErrorName | (string & {});

/** listRecords answered 400. */
export class ComAtprotoRepoListRecordsResponseBody extends XRPCError<ComAtprotoRepoListRecordsError> {
  override readonly name = "ComAtprotoRepoListRecordsResponseBody";
}

/** listRecords answered 401: credentials missing or rejected. */
export class ComAtprotoRepoListRecordsRepoResponseBody extends XRPCError<AuthErrorName> {
  override readonly name = "ComAtprotoRepoListRecordsRepoResponseBody";
}
