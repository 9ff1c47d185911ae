import { type AuthErrorName, type GenericErrorName, XRPCError } from "./blueskyerror.js";

/** XRPC error names applyWrites's 400 may carry: the lexicon's (`InvalidSwap`) plus the generic ones, open to new names. */
export type ComAtprotoRepoApplyWritesError = "InvalidSwap" | GenericErrorName | (string & {});

/** applyWrites answered 400. */
export class ComAtprotoRepoApplyWritesResponseBody extends XRPCError<ComAtprotoRepoApplyWritesError> {
  override readonly name = "ComAtprotoRepoApplyWritesResponseBody";
}

/** applyWrites answered 401: credentials missing or rejected. */
export class ComAtprotoRepoApplyWritesRepoResponseBody extends XRPCError<AuthErrorName> {
  override readonly name = "ComAtprotoRepoApplyWritesRepoResponseBody";
}
