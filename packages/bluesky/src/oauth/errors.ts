/**
 * An OAuth step failed in the OAuth client library (a refused callback, a session it could not restore
 * or refresh, a revocation the server did not take); `cause` is the library's error.
 */
export class OAuthSessionError extends Error {
  override readonly name = "OAuthSessionError";
  constructor(
    readonly step: "callback" | "restore" | "attach" | "logout",
    override readonly cause: unknown,
  ) {
    super(`oauth ${step} failed; cause=${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
