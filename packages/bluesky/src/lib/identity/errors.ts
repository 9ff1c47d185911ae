/** Base of the errors identity resolution ends with. */
export class IdentityError extends Error {
  override readonly name: string = "IdentityError";
}

/** No method (DNS TXT, HTTPS well-known, the server's resolveHandle) resolved the handle to a DID. */
export class HandleNotFoundError extends IdentityError {
  override readonly name = "HandleNotFoundError";
  constructor(readonly handle: string) {
    super(`handle does not resolve to a DID; handle=${handle}`);
  }
}

/** The DID's document could not be fetched, or is not a DID document for it. */
export class DidNotResolvedError extends IdentityError {
  override readonly name = "DidNotResolvedError";
  constructor(
    readonly did: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`DID does not resolve; did=${did} reason=${reason}`, options);
  }
}

/** The DID document names no usable PDS (`#atproto_pds` service with an http(s) endpoint). */
export class NoPdsError extends IdentityError {
  override readonly name = "NoPdsError";
  constructor(readonly did: string) {
    super(`DID document names no PDS; did=${did}`);
  }
}

/** The identifier is neither a DID nor a handle, or its DID method is not one atproto uses (plc, web). */
export class InvalidIdentifierError extends IdentityError {
  override readonly name = "InvalidIdentifierError";
  constructor(readonly identifier: string) {
    super(`not a handle or a did:plc/did:web DID; identifier=${identifier}`);
  }
}
