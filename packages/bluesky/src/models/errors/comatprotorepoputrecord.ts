import { type AuthErrorName, type GenericErrorName, XRPCError } from "./blueskyerror.js";

/** XRPC error names putRecord's 400 may carry, open to names not listed yet. */
export type ComAtprotoRepoPutRecordError = "InvalidSwap" | GenericErrorName | (string & {});

/** putRecord answered 400: invalid input, a bad token, or a failed swap (`error: "InvalidSwap"`). */
export class ComAtprotoRepoPutRecordResponseBody extends XRPCError<ComAtprotoRepoPutRecordError> {
  override readonly name = "ComAtprotoRepoPutRecordResponseBody";
}

/** putRecord answered 401: credentials missing or rejected. */
export class ComAtprotoRepoPutRecordRepoResponseBody extends XRPCError<AuthErrorName> {
  override readonly name = "ComAtprotoRepoPutRecordRepoResponseBody";
}
