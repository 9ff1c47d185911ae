import { RepoError } from "../errors.js";

/** A did:key (or raw public key) is malformed, of an unsupported type, or not a curve point. */
export class InvalidDidKeyError extends RepoError {
  constructor(
    readonly did: string,
    readonly reason: string,
  ) {
    super(`invalid did:key: ${reason}; did=${did}`);
  }
}

/** Private key bytes are not a valid scalar for the curve. */
export class InvalidPrivateKeyError extends RepoError {
  constructor(readonly curve: string) {
    super(`invalid private key; curve=${curve}`);
  }
}
