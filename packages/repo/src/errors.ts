/** Base class of every error the repository core throws for an expected failure. */
export class RepoError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A block the caller needs is not in the block store. */
export class MissingBlockError extends RepoError {
  constructor(
    readonly cid: { toString(): string },
    readonly what?: string,
  ) {
    super(`missing block${what ? ` (${what})` : ""}; cid=${cid.toString()}`);
  }
}

/** A CID in string or binary form could not be parsed, or is not supported. */
export class InvalidCidError extends RepoError {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`invalid cid: ${reason}; cid=${input}`);
  }
}

/** A block's bytes do not hash to the CID it was stored under. */
export class CidMismatchError extends RepoError {
  constructor(
    readonly expected: { toString(): string },
    readonly actual: { toString(): string },
  ) {
    super(`block bytes do not match their cid; cid=${expected.toString()} actual=${actual.toString()}`);
  }
}

/** A value cannot be represented in the atproto data model (encoding side). */
export class InvalidDataError extends RepoError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`invalid data: ${reason}; path=${path}`);
  }
}

/** Bytes are not canonical DAG-CBOR; `offset` is where decoding stopped. */
export class CborDecodeError extends RepoError {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`invalid dag-cbor: ${reason}; offset=${offset}`);
  }
}

/** A string is not a valid TID. */
export class InvalidTidError extends RepoError {
  constructor(readonly tid: string) {
    super(`invalid tid; tid=${JSON.stringify(tid)}`);
  }
}
