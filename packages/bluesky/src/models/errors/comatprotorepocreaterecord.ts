import { type AuthErrorName, type GenericErrorName, XRPCError } from "./blueskyerror.js";

/** XRPC error names createRecord's 400 may carry: the lexicon's (`InvalidSwap`) plus the generic ones, open to new names. */
export type ComAtprotoRepoCreateRecordError = "InvalidSwap" | GenericErrorName | (string & {});

/** createRecord answered 400. */
export class ComAtprotoRepoCreateRecordResponseBody extends XRPCError<ComAtprotoRepoCreateRecordError> {
  override readonly name = "ComAtprotoRepoCreateRecordResponseBody";
}

/** createRecord answered 401: credentials missing or rejected. */
export class ComAtprotoRepoCreateRecordRepoResponseBody extends XRPCError<AuthErrorName> {
  override readonly name = "ComAtprotoRepoCreateRecordRepoResponseBody";
}
