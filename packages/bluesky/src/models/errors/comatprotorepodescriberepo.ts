import { type AuthErrorName, type GenericErrorName, XRPCError } from "./blueskyerror.js";

/** XRPC error names describeRepo's 400 may carry: no lexicon-specific ones; the generic ones, open to new names. */
export type ComAtprotoRepoDescribeRepoError = GenericErrorName | (string & {});

/** describeRepo answered 400. */
export class ComAtprotoRepoDescribeRepoResponseBody extends XRPCError<ComAtprotoRepoDescribeRepoError> {
  override readonly name = "ComAtprotoRepoDescribeRepoResponseBody";
}

/** describeRepo answered 401: credentials missing or rejected. */
export class ComAtprotoRepoDescribeRepoRepoResponseBody extends XRPCError<AuthErrorName> {
  override readonly name = "ComAtprotoRepoDescribeRepoRepoResponseBody";
}
