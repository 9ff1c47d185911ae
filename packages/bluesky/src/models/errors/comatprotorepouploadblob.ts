import { type AuthErrorName, type GenericErrorName, XRPCError } from "./blueskyerror.js";

/** XRPC error names uploadBlob's 400 may carry: no lexicon-specific ones; the generic ones, open to new names. */
export type ComAtprotoRepoUploadBlobError = GenericErrorName | (string & {});

/** uploadBlob answered 400. */
export class ComAtprotoRepoUploadBlobResponseBody extends XRPCError<ComAtprotoRepoUploadBlobError> {
  override readonly name = "ComAtprotoRepoUploadBlobResponseBody";
}

/** uploadBlob answered 401: credentials missing or rejected. */
export class ComAtprotoRepoUploadBlobRepoResponseBody extends XRPCError<AuthErrorName> {
  override readonly name = "ComAtprotoRepoUploadBlobRepoResponseBody";
}
