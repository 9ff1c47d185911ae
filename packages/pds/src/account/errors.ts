/** Base of the account layer's expected failures; the API edge maps them to XRPC errors. */
export class AccountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Another account already has this handle. */
export class HandleTakenError extends AccountError {
  constructor(readonly handle: string) {
    super(`handle already taken; handle=${handle}`);
  }
}

/** Another account already has this email. */
export class EmailTakenError extends AccountError {
  constructor(readonly email: string) {
    super(`email already taken; email=${email}`);
  }
}

/** An account with this DID is hosted here already. */
export class AccountExistsError extends AccountError {
  constructor(readonly did: string) {
    super(`account already exists; did=${did}`);
  }
}

/** No account with this DID is hosted here. */
export class AccountNotFoundError extends AccountError {
  constructor(readonly did: string) {
    super(`account not found; did=${did}`);
  }
}

/** An app password with this name already exists for the account. */
export class AppPasswordExistsError extends AccountError {
  constructor(readonly appPasswordName: string) {
    super(`app password name already used; name=${appPasswordName}`);
  }
}

/** The did:plc directory refused or could not take the genesis operation. */
export class PlcDirectoryError extends AccountError {
  constructor(
    readonly did: string,
    readonly reason: string,
  ) {
    super(`plc directory refused the operation; did=${did} reason=${reason}`);
  }
}

/** The handle breaks the syntax or this server's rules for its domains. */
export class InvalidHandleError extends AccountError {
  constructor(
    readonly handle: string,
    readonly reason: string,
  ) {
    super(`${reason}; handle=${handle}`);
  }
}

/** The handle is not under one of this server's handle domains. */
export class UnsupportedDomainError extends AccountError {
  constructor(readonly handle: string) {
    super(`not a supported handle domain; handle=${handle}`);
  }
}
