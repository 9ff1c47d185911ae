import { type AuthErrorName, type GenericErrorName, XRPCError } from "./blueskyerror.js";

/** XRPC error names deleteRecord's 400 may carry: the lexicon's (`InvalidSwap`) plus the generic ones, open to new names. */
export type ComAtprotoRepoDeleteRecordError = "InvalidSwap" | GenericErrorName | (string & {});

/** deleteRecord answered 400. */
export class ComAtprotoRepoDeleteRecordResponseBody extends XRPCError<ComAtprotoRepoDeleteRecordError> {
  override readonly name = "ComAtprotoRepoDeleteRecordResponseBody";
}

/** deleteRecord answered 401: credentials missing or rejected. */
export class ComAtprotoRepoDeleteRecordRepoResponseBody extends XRPCError<AuthErrorName> {
  override readonly name = "ComAtprotoRepoDeleteRecordRepoResponseBody";
}
