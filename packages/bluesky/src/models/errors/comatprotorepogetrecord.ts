import { type AuthErrorName, type GenericErrorName, XRPCError } from "./blueskyerror.js";

/** XRPC error names getRecord's 400 may carry: the lexicon's (`RecordNotFound`) plus the generic ones, open to new names. */
export type ComAtprotoRepoGetRecordError = "RecordNotFound" | GenericErrorName | (string & {});

/** getRecord answered 400. */
export class ComAtprotoRepoGetRecordResponseBody extends XRPCError<ComAtprotoRepoGetRecordError> {
  override readonly name = "ComAtprotoRepoGetRecordResponseBody";
}

/** getRecord answered 401: credentials missing or rejected. */
export class ComAtprotoRepoGetRecordRepoResponseBody extends XRPCError<AuthErrorName> {
  override readonly name = "ComAtprotoRepoGetRecordRepoResponseBody";
}
